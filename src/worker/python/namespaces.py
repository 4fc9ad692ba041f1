"""One globals dict per env, and the one Clear sets aside until Undo."""

import builtins

_namespaces = {}
_cleared = {}


def namespace(env):
    """The globals of an env, made on first use."""
    ns = _namespaces.get(env)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": builtins}
        _namespaces[env] = ns
    return ns


def reset_namespace(env):
    _namespaces.pop(env, None)


def set_aside_namespace(env):
    """Clear: the variables go aside (not away) so that Undo can put them back."""
    _cleared[env] = _namespaces.pop(env, None)


def restore_namespace(env):
    """Undo of a Clear; False when nothing was set aside for the env."""
    if env not in _cleared:
        return False
    ns = _cleared.pop(env)
    if ns is None:
        _namespaces.pop(env, None)
    else:
        _namespaces[env] = ns
    return True


def drop_aside_namespace(env):
    _cleared.pop(env, None)
