"""vCards: several versions and clients read in, a broken card refused while the rest land, the
same cards again matched by their UID, and contacts written out as cards that read back."""

from __future__ import annotations

import io

import vobject

from crm_tui.models import Account, Contact
from crm_tui.services import importing, vcard
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from tests.run_cli import cli

ANDROID_21 = (  # a phone's export: vCard 2.1, quoted-printable with a soft line break
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\nTEL;CELL:+49 170 1234567\r\n"
    "TEL;WORK:+49 30 1234567\r\nEMAIL;INTERNET:jm@example.de\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline =\r\ntwo\r\nEND:VCARD\r\n")
APPLE_30 = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nN:Hopper;Grace;Brewster;;\r\n"
    "FN:Grace Brewster Hopper\r\nORG:US Navy;\r\nTITLE:Rear Admiral\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:grace@navy.example\r\nEMAIL;type=INTERNET;type=HOME:grace@home.example\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 202 555 0100\r\n"
    "ADR;type=HOME:;;1 Home St;Arlington;VA;22201;USA\r\nADR;type=WORK:;;Navy Yard;Washington;DC;20374;USA\r\n"
    "UID:apple-1234\r\nEND:VCARD\r\n")
KHARD_40 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:Ada Lovelace\r\n"
    "N:Lovelace;Ada;;;\r\nORG:Analytical Engines;Research\r\nTITLE:Countess\r\nEMAIL;TYPE=work:ada@engines.example\r\n"
    "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+44-7700-900000\r\nTEL;TYPE=work,voice:+44 20 7946 0000\r\n"
    "NOTE:A long note that is folded over\r\n  two lines\r\nEND:VCARD\r\n")
BROKEN = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:broken-1\r\nN:Broken;Card\r\nTEL;TYPE=\r\nEND:VCARD\r\n"
FN_ONLY = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cher\r\nEMAIL:cher@example.com\r\nEND:VCARD\r\n"


def _vdir(tmp_path):
    folder = tmp_path / "contacts"
    folder.mkdir()
    for name, text in (("android.vcf", ANDROID_21), ("apple.vcf", APPLE_30), ("khard.vcf", KHARD_40),
                       ("broken.vcf", BROKEN), ("cher.vcf", FN_ONLY)):
        (folder / name).write_bytes(text.encode("utf-8"))
    (folder / "notes.txt").write_text("not a card")
    return folder


def test_cards_of_every_version_are_read_and_a_broken_one_is_refused(actor, tmp_path):
    folder = _vdir(tmp_path)
    report = importing.import_file(actor, "contact", folder)
    assert (report.read, report.created, report.refused) == (5, 4, 1)
    refused = [o for o in report.outcomes if o.action == "refused"][0]
    assert refused.where == "broken.vcf" and "not a readable vCard" in refused.reason
    assert report.refused_file == tmp_path / "contacts.refused.csv"
    assert "broken-1" in report.refused_file.read_text()
    jm = Contact.get(Contact.email == "jm@example.de")
    assert (jm.first_name, jm.last_name, jm.mobile_phone, jm.business_phone) == (
        "Jürgen", "Müller", "+49 170 1234567", "+49 30 1234567")
    assert jm.description == "line one\nline two"
    grace = Contact.get(Contact.last_name == "Hopper")
    assert (grace.first_name, grace.email, grace.email2, grace.job_title) == (
        "Grace Brewster", "grace@navy.example", "grace@home.example", "Rear Admiral")
    assert (grace.street, grace.city, grace.postal_code) == ("Navy Yard", "Washington", "20374")  # the work address
    assert Account.get_by_id(grace.parent_customer_id).name == "US Navy"
    ada = Contact.get(Contact.last_name == "Lovelace")
    assert (ada.mobile_phone, ada.business_phone, ada.job_title) == ("+44-7700-900000", "+44 20 7946 0000", "Countess (Research)")
    assert ada.vcard_uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert Contact.get(Contact.email == "cher@example.com").last_name == "Cher"


def test_the_same_cards_again_are_matched_by_uid_even_when_their_email_changed(actor, tmp_path):
    folder = _vdir(tmp_path)
    importing.import_file(actor, "contact", folder)
    (folder / "khard.vcf").write_text(KHARD_40.replace("ada@engines.example", "ada@new.example"))
    report = importing.import_file(actor, "contact", folder)
    assert (report.created, report.updated, report.skipped, report.refused) == (0, 1, 3, 1)
    updated = [o for o in report.outcomes if o.action == "updated"][0]
    assert updated.reason == "same UID" and updated.fields == ("email",)
    assert Contact.select().count() == 4


def test_contacts_written_as_cards_read_back_as_the_same_contacts(actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme; Sons, Ltd"})
    made = contacts.create(actor, {
        "first_name": "Zoë", "last_name": "O'Brien, Jr.", "job_title": "Head of R&D", "email": "zoe@acme.example",
        "email2": "zoe@home.example", "business_phone": "+1 555 0100", "mobile_phone": "+1 555 0199",
        "street": "1 Long Road; Unit 2", "city": "Springfield", "postal_code": "12345", "country": "USA",
        "description": "Met at the fair.\nLikes tea; dislikes coffee, " + "very long text " * 10,
        "parent_customer": acme.id})
    out = io.StringIO()
    assert vcard.write(out) == 1
    text = out.getvalue()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    card = vobject.readOne(text)
    assert card.uid.value == f"crm-tui-contact-{made.id}"
    assert (card.n.value.family, card.n.value.given, card.org.value) == ("O'Brien, Jr.", "Zoë", ["Acme; Sons, Ltd"])
    assert card.note.value.startswith("Met at the fair.\nLikes tea; dislikes coffee, very long")
    # read back into the same database: the same contact, nothing to change
    path = tmp_path / "out.vcf"
    vcard.to_file(path)
    report = importing.import_file(actor, "contact", path)
    assert [(o.action, o.record_id, o.reason, o.fields) for o in report.outcomes] == [("unchanged", made.id, "same id", ())]
    # into another, empty one (as a new program would): everything but the id carried over
    Contact.delete().execute()
    Account.delete().execute()
    report = importing.import_file(actor, "contact", path)
    again = Contact.get()
    assert report.created == 1
    assert (again.first_name, again.last_name, again.job_title, again.email2, again.mobile_phone, again.street) == (
        "Zoë", "O'Brien, Jr.", "Head of R&D", "zoe@home.example", "+1 555 0199", "1 Long Road; Unit 2")
    assert Account.get_by_id(again.parent_customer_id).name == "Acme; Sons, Ltd"


def test_a_vdir_keeps_one_card_a_contact_with_stable_names(actor, tmp_path):
    ada = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@x.example"})
    bob = contacts.create(actor, {"last_name": "Byte"})
    folder = tmp_path / "vdir"
    assert vcard.to_file(str(folder) + "/") == 2
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"crm-tui-contact-{ada.id}.vcf", f"crm-tui-contact-{bob.id}.vcf"]
    (folder / "someone-elses.vcf").write_text(FN_ONLY)
    before = (folder / names[0]).stat().st_mtime_ns
    contacts.delete(actor, bob.id)
    assert vcard.to_file(folder) == 1
    assert sorted(p.name for p in folder.iterdir()) == [f"crm-tui-contact-{ada.id}.vcf", "someone-elses.vcf"]
    assert (folder / names[0]).stat().st_mtime_ns == before  # unchanged cards are not rewritten


def test_the_commands_export_and_import_cards(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    card = tmp_path / "in.vcf"
    card.write_text(KHARD_40 + APPLE_30)
    run = cli("import", "contact", str(card), "--db", db, "--user", "tester")
    assert run.returncode == 0, run.stderr
    assert "2 rows read: 2 created" in run.stdout
    out = cli("export", "contact", "-f", "vcard", "--db", db, "--user", "tester")
    assert out.returncode == 0 and out.stdout.count("BEGIN:VCARD") == 2
    assert len(list(vobject.readComponents(out.stdout))) == 2
    target = tmp_path / "people.vcf"
    assert cli("export", "contact", "-o", str(target), "--db", db).returncode == 0  # the name says vCard
    assert target.read_text().count("END:VCARD") == 2
    refused = cli("export", "account", "-f", "vcard", "--db", db)
    assert refused.returncode == 1 and "vCards are contacts" in refused.stderr
    wrong_type = cli("import", "account", str(card), "--db", db)
    assert wrong_type.returncode == 1 and "vCards are contacts" in wrong_type.stderr
