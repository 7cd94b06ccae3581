"""Where an encrypted journal's passphrase comes from: a command, a variable, a prompt.

`MENTORJOURNAL_PASSPHRASE_COMMAND` (its output, as restic and borg take one from a
password manager) wins over `MENTORJOURNAL_PASSPHRASE`; with neither, the user is asked.
"""

import getpass
import os
import subprocess
import sys

COMMAND_VARIABLE = "MENTORJOURNAL_PASSPHRASE_COMMAND"
VARIABLE = "MENTORJOURNAL_PASSPHRASE"
NEW_VARIABLE = "MENTORJOURNAL_NEW_PASSPHRASE"  # rekey without a terminal
TRIES = 3


class PassphraseError(Exception):
    """No passphrase could be had; the message is meant for the user."""


def from_environment() -> str | None:
    """The passphrase the environment gives, or None when it gives none."""
    command = os.environ.get(COMMAND_VARIABLE, "").strip()
    if command:
        return _run(command)
    return os.environ.get(VARIABLE) or None


def new_from_environment() -> str | None:
    return os.environ.get(NEW_VARIABLE) or None


def can_ask() -> bool:
    """Whether there is a terminal to ask on."""
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str) -> str:
    """Read a passphrase on the terminal, without echo."""
    if not can_ask():
        raise PassphraseError(
            f"{prompt.strip().rstrip(':')} is needed: set {VARIABLE} or {COMMAND_VARIABLE}, "
            "or run this in a terminal"
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:  # ctrl+d at the prompt
        raise PassphraseError("no passphrase given: nothing changed") from None


def ask_for(path: object) -> str:
    """The passphrase of the journal at `path`, asked on the terminal."""
    return ask(f"Passphrase for {path}: ")


def ask_new(what: str, variable: str = VARIABLE) -> str:
    """A new passphrase, typed twice; an empty one or two that differ are refused.
    Without a terminal, says that `variable` can give it."""
    if not can_ask():
        raise PassphraseError(
            f"a new passphrase is needed: set {variable} or run this in a terminal"
        )
    first = ask(f"New passphrase for {what}: ")
    if not first:
        raise PassphraseError("an empty passphrase protects nothing: nothing changed")
    if ask("The same again: ") != first:
        raise PassphraseError("the two passphrases differ: nothing changed")
    return first


def _run(command: str) -> str:
    try:
        result = subprocess.run(command, shell=True, stdout=subprocess.PIPE, text=True)
    except OSError as error:
        raise PassphraseError(f"{COMMAND_VARIABLE} failed: {error.strerror}") from None
    except UnicodeDecodeError:
        raise PassphraseError(f"{COMMAND_VARIABLE} printed something that is not text") from None
    if result.returncode != 0:
        raise PassphraseError(f"{COMMAND_VARIABLE} failed (exit status {result.returncode})")
    passphrase = result.stdout.removesuffix("\n").removesuffix("\r")
    if not passphrase:
        raise PassphraseError(f"{COMMAND_VARIABLE} printed no passphrase")
    return passphrase
