"""Which records are one person: by email or phone, never by name, and not across families."""

from __future__ import annotations

from app.domain.contacts import normalise_email, normalise_phone
from app.domain.identity import LinkCandidate, link


def rec(vendor: str, vid: str, email: str | None = None,
        phone: str | None = None) -> LinkCandidate:
    emails = tuple(e for e in [normalise_email(email)] if e)
    phones = tuple(p for p in [normalise_phone(phone, "AU")] if p)
    return LinkCandidate((vendor, vid), emails, phones)


def groups(records: list[LinkCandidate], **kw: object) -> list[set[tuple[str, str]]]:
    return sorted(({r.ref for r in c.records} for c in link(records, **kw)),  # type: ignore[arg-type]
                  key=lambda g: sorted(g))


def test_email_in_other_case_links() -> None:
    a = rec("loke", "1", "Zoe.Nguyen@Example.com")
    b = rec("reservations", "2", "  zoe.nguyen@example.COM ")
    [component] = link([a, b])
    assert {r.ref for r in component.records} == {a.ref, b.ref}
    assert "same email zoe.nguyen@example.com" in component.reasons.values()


def test_phone_local_and_e164_link_with_reason() -> None:
    a = rec("loke", "1", phone="+61411222333")
    b = rec("reservations", "2", phone="0411 222 333")
    [component] = link([a, b])
    assert "same phone +61 411 222 333" in component.reasons.values()


def test_same_name_alone_never_links() -> None:
    a = LinkCandidate(("loke", "1"), (), ())
    b = LinkCandidate(("reservations", "2"), (), ())
    assert len(link([a, b])) == 2


def test_family_sharing_a_phone_with_different_emails_stays_apart() -> None:
    mum = rec("loke", "1", "ana@example.com", "0411 222 333")
    son = rec("loke", "2", "leo@example.com", "0411 222 333")
    assert groups([mum, son]) == [{mum.ref}, {son.ref}]


def test_phone_only_record_cannot_bridge_two_people() -> None:
    mum = rec("loke", "1", "ana@example.com", "0411 222 333")
    son = rec("reservations", "2", "leo@example.com", "0411 222 333")
    walk_in = rec("booxi", "3", None, "+61411222333")
    result = groups([mum, son, walk_in])
    assert len(result) == 2
    assert not any({mum.ref, son.ref} <= g for g in result)


def test_phone_links_when_only_one_side_has_an_email() -> None:
    a = rec("loke", "1", "ana@example.com", "0411 222 333")
    b = rec("reservations", "2", None, "0411222333")
    assert groups([a, b]) == [{a.ref, b.ref}]


def test_manual_link_and_unlink_override_keys() -> None:
    a = rec("loke", "1", "ana@example.com")
    b = rec("reservations", "2", "ana@example.com")
    c = rec("booxi", "3", "someone@else.com")
    assert groups([a, b], manual_unlinks=[(a.ref, b.ref)]) == [{a.ref}, {b.ref}]
    [joined] = [comp for comp in link([a, c], manual_links=[(a.ref, c.ref)])]
    assert "linked by a manager" in joined.reasons.values()
