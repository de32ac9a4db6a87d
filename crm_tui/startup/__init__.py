"""Opening the app: the launcher, and the forked process that reads the first screen meanwhile.
Above the layers: it starts the UI and reads through the services."""
