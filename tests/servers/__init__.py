"""Real servers the tests start on 127.0.0.1 (and stop again): dovecot.py, an IMAP server in a
temporary folder, with a small TCP proxy that can slow down or cut a connection."""
