"""The main window: pages (first start, sign-in, the desk), the screens' tabs and the status bar."""
