"""The Python half of py-state-runner's worker.

The worker writes this package into Pyodide's file system at boot, imports it,
keeps direct references to the functions `host.start` returns, and then removes
the package from `sys.modules`, `sys.path` and the file system, so that code in
a cell can neither import it nor patch what runs and the State panel call.
"""
