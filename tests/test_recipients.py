"""Recipients of a coroner's report: only the organisation (or a role that is a body) is the addressee,
never the person, their role or their address. Entries are invented, in the shapes real reports use."""


import pytest

from extract.evaluation import pfd_layouts
from extract.recipients import parse_entry, split_inline


@pytest.mark.parametrize("lines, addressee, role, person, address", [
    (["Mrs A. Harlow, Chief Executive, Northshire NHS Foundation Trust", "39 Lindley Street", "Wexham WX1 4QT"],
     "Northshire NHS Foundation Trust", "Chief Executive", "Mrs A. Harlow", ("39 Lindley Street", "Wexham WX1 4QT")),
    (["Secretary of State - Department for Transport"], "Department for Transport", "Secretary of State", None, ()),
    (["Head Legal Services and Claims, Tees, Esk and Wear Valley NHS Foundation Trust"],
     "Tees, Esk and Wear Valley NHS Foundation Trust", "Head Legal Services and Claims", None, ()),
    (["Area Highway Manager Surrey County Council"], "Surrey County Council", "Area Highway Manager", None, ()),
    (["Jane Doe MP, Secretary of State for Health"], "Secretary of State for Health", "Secretary of State for Health",
     "Jane Doe MP", ()),
    (["Craig Example, Chief Constable, Northshire Police"], "Northshire Police", "Chief Constable", "Craig Example", ()),
    (["Island Roads"], "Island Roads", None, None, ()),
    (["The Chief Executive of Wexham Integrated Health and Care NHS Trust"],
     "Wexham Integrated Health and Care NHS Trust", "The Chief Executive", None, ()),
    (["CEO - Northshire and Isle of Wight Healthcare NHS Foundation Trust"],
     "Northshire and Isle of Wight Healthcare NHS Foundation Trust", "CEO", None, ()),
    (["Chief Coroner"], "Chief Coroner", "Chief Coroner", None, ()),
    (["Dr. P. R. Okafor, National Highways Company Limited", "Floor 3, 71 Ashby Lane", "Wexham WX1 4QT"],
     "National Highways Company Limited", None, "Dr. P. R. Okafor", ("Floor 3, 71 Ashby Lane", "Wexham WX1 4QT")),
    (["Mr D Fenwick, Secretary of State - Department for Transport Westgate House, 118 Canal Way", "Wexham WX1 4QT"],
     "Department for Transport", "Secretary of State", "Mr D Fenwick", ("Westgate House", "118 Canal Way", "Wexham WX1 4QT")),
    (["Chief Executive Officer if NHS England"], "NHS England", "Chief Executive Officer", None, ()),  # "if": a typo of "of"
    (["Baroness Example of Wexham, Parliamentary Under Secretary of State"], "Parliamentary Under Secretary of State",
     "Parliamentary Under Secretary of State", "Baroness Example of Wexham", ()),  # a peer is a person
    (["Dr A Name, Craig Example, Chief Constable, Northshire Police Westgate House, 118 Canal Way"], "Northshire Police",
     "Chief Constable", "Dr A Name", ("Westgate House", "118 Canal Way")),
])
def test_an_entry_splits_into_person_role_organisation_and_address(lines, addressee, role, person, address):
    r = parse_entry(lines)
    assert (r.addressee, r.role, r.person, r.address) == (addressee, role, person, address)


def test_inline_lists_split_at_semicolons_and_numbers():
    assert split_inline("Island Roads; The Highways Manager, Wexham Council; Northshire Constabulary") == [
        "Island Roads", "The Highways Manager, Wexham Council", "Northshire Constabulary"]
    assert split_inline("1. Wexham Council 2. Northshire Police") == ["Wexham Council", "Northshire Police"]


def test_rendered_reports_headings_recipients_coroner_and_area():
    """Real coroners' reports of ../shared in six layouts, the three-column ruled table included: box
    headings, recipients as addressees with no person or address among them, coroner and area."""
    docs = pfd_layouts.layout_set()
    if docs is None:
        pytest.skip("../shared/corpora/pfd_reports absent: the rendered coroners' reports need it")
    from extract.pipeline import process
    from collections import Counter
    total = Counter()
    for path, gold in docs:
        total.update(pfd_layouts.score(process(path), gold))
    assert total["h_tp"] >= 0.98 * (total["h_tp"] + total["h_fn"]) and total["h_fp"] <= 0.02 * total["h_tp"], total
    assert total["h_page_ok"] == total["h_tp"]
    assert total["coroner_ok"] == total["area_ok"] == total["docs"]
    assert total["date_ok"] == total["docs"]
    assert total["recipients_found"] / total["recipients"] >= 0.9, total
    assert total["addressees_ok"] >= 0.97 * total["addressees"]
    assert total["addr_person_or_address"] == total["addr_type_empty"] == 0


def test_coroner_area_and_deceased_are_columns_of_a_coroners_report_only(tmp_path):
    from extract import ingest
    from extract import CORPORA_DIR
    import duckdb
    db = tmp_path / "r.duckdb"
    s = ingest.run([CORPORA_DIR / "sample/pfd-2022-regulation-28.pdf", CORPORA_DIR / "sample/sar-2020-william.pdf"],
                   db, workers=0, quiet=True)
    assert s.ingested == 2
    con = duckdb.connect(str(db), read_only=True)
    got = con.execute("select review_type, coroner, coroner_area, deceased, author from reviews order by 1").fetchall()
    con.close()
    assert got[0] == ("PFD", "Catherine Moreland", "Northshire", "Tyler James Brookes", "Catherine Moreland")
    assert got[1][:4] == ("SAR", None, None, None)  # the coroner's fields are NULL for other review types


@pytest.mark.parametrize("sentence, coroner, area", [
    ("I am Z. Siddique, Area Coroner for the coroner area of The Black Country Jurisdiction.", "Z. Siddique",
     "Black Country Jurisdiction"),
    ("I am Dr. A. B. Name, Senior Coroner for the coroner area of Hampshire, Portsmouth and Southampton.",
     "Dr. A. B. Name", "Hampshire, Portsmouth and Southampton"),
    ("I am Mrs Alison McDonald-Smith, Assistant Coroner, for the coroner area of Kingston upon Hull.",
     "Mrs Alison McDonald-Smith", "Kingston upon Hull"),
    ("I am HHJ Teague KC, the Chief Coroner's nominee for the area of Isle of Wight.", "HHJ Teague KC", "Isle of Wight"),
])
def test_coroner_and_area_from_box_1(sentence, coroner, area):
    from extract import metadata
    from extract.model import Document
    doc = Document(source_path="x.pdf", sha256="0", pages=())
    assert metadata.pfd_coroner(doc, "CORONER\n" + sentence) == (coroner, area)


def test_every_addressee_is_one_of_the_reviews_agencies():
    from extract import CORPORA_DIR, pipeline
    from extract.nlp import name_key
    for stem in ("pfd-2022-regulation-28", "sar-2020-william", "scr-2014-child-c"):
        r = pipeline.process(CORPORA_DIR / "sample" / f"{stem}.pdf")
        agencies = {name_key(a.agency): a for a in r.agencies}
        addressed = {name_key(n): t for rec in r.recommendations for n, t in zip(rec.addressees, rec.addressee_types)}
        assert addressed, stem
        assert set(addressed) <= set(agencies), (stem, set(addressed) - set(agencies))
        for k, t in addressed.items():
            assert t and agencies[k].agency_type, (stem, k)


def test_a_secretary_of_state_is_their_department():
    from extract.findings import canonical_addressees

    assert canonical_addressees("Secretary of State for Transport")[0][:2] == ("Department for Transport", "national_body")
    assert canonical_addressees("Minister of State for Work and Pensions")[0][0] == "Department for Work and Pensions"


@pytest.mark.parametrize("entry, want", [
    # a department, unit or job beside the body's name is no part of it
    ("Highways Department, Westbury County Council", ("Westbury County Council", "local_authority")),
    ("Westbury City Council Highways Department", ("Westbury City Council", "local_authority")),
    ("Northshire Police Road Traffic Division", ("Northshire Police", "police")),
    ("Eastbrook Hospitals NHS Foundation Trust, Chief Executive", ("Eastbrook Hospitals NHS Foundation Trust", None)),
    ("Programmes Delivery Engineer for Westbury County Council", ("Westbury County Council", "local_authority")),
    ("Principal Transport Officer (Road Safety) Westbury Council", ("Westbury Council", "local_authority")),
    ("General Manager GRS Recovery", ("GRS Recovery", "other")),
    ("Example Coaches in Northtown", ("Example Coaches", "other")),
    ("Health and Safety Executive (HSE)", ("Health and Safety Executive", "inspectorate_regulator")),
    # every council form is a local authority
    ("London Borough of Northwick", ("London Borough of Northwick", "local_authority")),
    ("Isle of Wight Council", ("Isle of Wight Council", "local_authority")),
    ("Westbury MBC", ("Westbury MBC", "local_authority")),
    # offices name their body; the person holding one is never the body
    ("Secretary of State for Transport – Mr A Name", ("Department for Transport", "national_body")),
    ("Rt Hon A Name MP, Secretary of State for Environment, Food and Rural Affairs",
     ("Department for Environment, Food and Rural Affairs", "national_body")),
    ("Secretary of State for the Home Department", ("Home Office", "national_body")),
    ("Lord Chancellor and Secretary of State for Justice", ("Ministry of Justice", "national_body")),
    ("Chief Constable of Northshire", ("Northshire Police", "police")),
    ("Mayor of London", ("Greater London Authority", "local_authority")),
    ("Chief Coroner", ("Chief Coroner", "coroner")),
    ("DVLA Chief Executive", ("Driver and Vehicle Licensing Agency", "national_body")),
    # a job or a department alone names no body
    ("The Chief Executive", None), ("Medical Director", None), ("Chief Constable", None),
    ("Casualty Reduction Team", None), ("Police", None),
])
def test_the_body_a_sent_to_entry_is_addressed_to(entry, want):
    from extract.findings import entry_addressee

    got = entry_addressee([entry])
    if want is None:
        assert got is None
    else:
        assert got is not None and got[0] == want[0] and (want[1] is None or got[1] == want[1]), got
