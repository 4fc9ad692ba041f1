// Importing the package registers <py-state-runner>; nothing else is needed.
import 'py-state-runner';
