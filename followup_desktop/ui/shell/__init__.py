"""The main window, its menus, tray, banner and the workspace actions."""
