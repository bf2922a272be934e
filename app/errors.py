"""One error vocabulary for every vendor, and the CLI exit codes that go with it.

The UI and CLI never look at HTTP status codes or vendor bodies: clients translate every
failure into one of these, so a single presenter can say what happened and what to do.
Messages never contain secrets; vendor texts are kept in ``detail`` for logs only.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``clientdesk`` command (README, "Exit codes")."""

    OK = 0
    INTERNAL = 1  # a bug: logged with context, never shown as a traceback
    BAD_PROFILE = 2  # the store profile or a command-line argument is wrong
    CREDENTIALS = 3  # a secret is missing or the keyring cannot be used
    NOT_AUTHORISED = 4
    UNAVAILABLE = 5  # network down, timeout, vendor 5xx
    RATE_LIMITED = 6
    BAD_DATA = 7  # the vendor sent something that does not parse
    NOT_FOUND = 8
    REJECTED = 9  # the vendor refused the change (e.g. ticket already served)
    CACHE_UNAVAILABLE = 10  # the local cache is locked by another program, or cannot be opened
    INTERRUPTED = 130


class ClientdeskError(Exception):
    """Base of every error we expect and can explain to a person."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProfileError(ClientdeskError):
    """The store profile cannot be used; the message names the file, the key and the fix."""

    exit_code = ExitCode.BAD_PROFILE


class UsageError(ClientdeskError):
    """A command-line argument is wrong."""

    exit_code = ExitCode.BAD_PROFILE


class CredentialError(ClientdeskError):
    """A secret is missing, or no usable keyring backend exists."""

    exit_code = ExitCode.CREDENTIALS


class VendorError(ClientdeskError):
    """A vendor call failed. ``vendor`` is the display name; ``detail`` is for logs only."""

    exit_code = ExitCode.UNAVAILABLE
    hint = "try again later"

    def __init__(self, vendor: str, message: str, *, detail: str = "", status: int | None = None):
        super().__init__(message)
        self.vendor = vendor
        self.detail = detail
        self.status = status

    def one_line(self) -> str:
        """The text shown to staff: vendor, what happened, what to do."""
        return f"{self.vendor}: {self.message} — {self.hint}"


class NotAuthorised(VendorError):
    exit_code = ExitCode.NOT_AUTHORISED

    def __init__(self, vendor: str, message: str, *, detail: str = "",
                 status: int | None = None) -> None:
        super().__init__(vendor, message, detail=detail, status=status)
        # Display names lower-cased are the CLI's vendor keys (Qminder → qminder, LOKE → loke).
        self.hint = f"check the credential with `clientdesk credentials set {vendor.lower()}`"


class NotFound(VendorError):
    exit_code = ExitCode.NOT_FOUND
    hint = "check the identifier"


class RateLimited(VendorError):
    exit_code = ExitCode.RATE_LIMITED

    def __init__(
        self,
        vendor: str,
        message: str,
        *,
        retry_after: float | None = None,
        detail: str = "",
        status: int | None = 429,
    ) -> None:
        super().__init__(vendor, message, detail=detail, status=status)
        self.retry_after = retry_after

    @property
    def hint(self) -> str:  # type: ignore[override]
        if self.retry_after is not None:
            return f"wait {self.retry_after:.0f} s and try again"
        return "wait a minute and try again"


class Unavailable(VendorError):
    exit_code = ExitCode.UNAVAILABLE
    hint = "check the network or the vendor's status page; cached data stays usable"


class UntrustedCertificate(Unavailable):
    """TLS verification failed: the vendor (or a proxy or firewall between) presented a
    certificate that the operating system's trust store does not vouch for."""

    hint = ("if the store's network inspects TLS, IT must install its CA certificate in this "
            "PC's trust store; otherwise the connection is not safe to use")


class BadData(VendorError):
    exit_code = ExitCode.BAD_DATA
    hint = "the vendor sent data we cannot read; report it if it persists"


class Rejected(VendorError):
    """The vendor understood the request and refused it (for example a ticket already served)."""

    exit_code = ExitCode.REJECTED
    hint = "nothing was changed; check the record and try again"


class CacheUnavailable(ClientdeskError):
    """The cache file is there but cannot be used now: locked by another program (a backup,
    an antivirus scan, a second copy of Clientdesk) or not openable (permissions, a full or
    read-only disk). Not damage: the file is left exactly where it is."""

    exit_code = ExitCode.CACHE_UNAVAILABLE
