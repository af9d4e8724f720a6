"""The user's mailboxes as a source: the password store (credentials.py), the IMAP fetch
(imap_fetch.py, network only), one check of an account from database to database (check.py),
and the Qt timer that runs checks while the app is open (mail_checker.py).

Everything here but mail_checker.py is Qt-free, so the command line uses it too. Importing the
package loads nothing: imapclient and keyring cost ~60 and ~90 ms and are imported on first use.
"""
