"""How the Daring screen names a match, a role and a report's kind (shared by the matching
controller and the import dialog)."""

from __future__ import annotations

from desktop.ui.i18n import translate

ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def match_text(match: str) -> str:
    return {
        "email": translate("Online", "email"),
        "nip": translate("Online", "NIP"),
        "name": translate("Online", "nama"),
        "manual": translate("Online", "ditautkan operator"),
        "new": translate("Online", "didaftarkan baru"),
        "doubtful": translate("Online", "ragu-ragu"),
        "unmatched": translate("Online", "tidak cocok"),
        "ignored": translate("Online", "diabaikan"),
    }.get(match, match)


def role_text(role: str | None) -> str:
    """A row's role as the list shows it: only the ones that need a decision or explain minutes;
    an ordinary attendee (or a role not kept) is left blank."""
    return {
        "host": translate("Online", "host"),
        "dial-in": translate("Online", "telepon"),
        "panelist": translate("Online", "panelis"),
    }.get(role or "", "")


def variant_text(variant: str) -> str:
    return {
        "zoom_participants": translate("Online", "Zoom: laporan peserta"),
        "zoom_with_meeting_data": translate("Online", "Zoom: laporan peserta dengan data rapat"),
        "zoom_unique_users": translate("Online", "Zoom: pengguna unik (total menit, tanpa jam)"),
        "zoom_webinar_attendees": translate("Online", "Zoom: laporan peserta webinar"),
        "zoom_meeting_history": translate("Online", "Zoom: riwayat rapat"),
        "teams_attendance": translate("Online", "Microsoft Teams: laporan kehadiran"),
        "google_meet": translate("Online", "Google Meet: laporan kehadiran"),
    }.get(variant, variant)
