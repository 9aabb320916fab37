"""Who a coroner's report is sent to: one entry of "THIS REPORT IS BEING SENT TO" split into the
person, their role, the organisation and any address lines, so that only the organisation (or, where
none is named, a role that is itself a body, "Secretary of State for Transport") becomes an addressee.

Real entries mix all four in any order:

    1. Mrs A. Name, Chief Executive, Northshire NHS Foundation Trust
       39 Some Street
       Northtown NT1 2AB
    Secretary of State - Department for Transport
    Head Legal Services and Claims, Tees, Esk and Wear Valley NHS Foundation Trust
    Area Highway Manager Surrey County Council
    Jeremy Hunt MP, Secretary of State for Health

Parts are split at commas and spaced dashes; each is an address, a person, a role or a piece of the
organisation's name (an organisation's name may itself hold commas: "Tees, Esk and Wear Valley").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rt\.? Hon\.?|The Rt\.? Hon\.?|(?:The )?Right Honourable|Cllr|Councillor|Rev|Revd)\.?"
_NAME_WORD = r"(?:[A-Z]\.|[A-Z](?=[\s,]|$)|[A-Z][a-zA-Z'’-]*[a-z]|\[REDACTED\]|\[[A-Z ]+\])"
_POST_NOMINAL = r"(?:MP|QC|KC|OBE|CBE|MBE|DBE|FRCP|FRCS|MSP|AM|MS)"
PERSON_WITH_TITLE = re.compile(rf"^{HONORIFIC}\s+(?:{_NAME_WORD}\s*){{1,5}}(?:\s+{_POST_NOMINAL})*$")
PERSON_BARE = re.compile(rf"^(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD}(?:\s+{_POST_NOMINAL})*$")
POST_NOMINAL_END = re.compile(rf"\s{_POST_NOMINAL}$")
# a peer: "Baroness Vere of Norbiton", "The Rt Hon Lord Smith of Finsbury"
PEER = re.compile(r"^(?:The\s+)?(?:Rt\.?\s+Hon\.?\s+)?(?:Lord|Lady|Baroness|Baron|Viscount|Viscountess|Earl|Countess)\s+"
                  r"(?!(?:Chancellor|Chief|Mayor|Lieutenant|Advocate|President|Justice)\b)[A-Z][\w'’-]+(?:\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?$")

# a role: the words that name a post, with the qualifiers before them ("Area Highway Manager",
# "Executive Medical Director", "Corporate Director Regeneration and Local Services")
_ROLE_NOUN = (r"chief executive(?: officer)?|executive|ceo|chief officer|officer|director[- ]general|director(?:ate)?|manager|"
              r"head|chair(?:man|woman|person)?|"
              r"secretary of state|secretary|minister|chief constable|constable|commissioner|general counsel|counsel|"
              r"president|principal|registrar|lead|governor|chief coroner|coroner|controller|superintendent|"
              r"inspector|dean|vice[- ]chancellor|clerk|solicitor|scrutineer|partner|nurse|matron|"
              r"administrator|leader|trustee|founder|owner|proprietor|sergeant|counsellor|occupier|"
              r"lawyer|planner|adviser|advisor|specialist|technician|surveyor")
ROLE_NOUN = re.compile(rf"\b(?:{_ROLE_NOUN})s?\b", re.I)
ROLE_START = re.compile(rf"^(?:the\s+)?(?:(?:[A-Z][\w&'’-]*|and|of|for)\s+){{0,5}}?(?:{_ROLE_NOUN})s?\b", re.I)
# a titled name run on into an office: the office begins with a role noun or one of a few qualifiers of one
_OFFICE_START = (r"(?:(?:Chief|Deputy|Assistant|Acting|Interim|Regional|Metro|Group|Managing|Medical|Clinical|Permanent|"
                 rf"Senior|Corporate|Strategic|Area|Divisional|Executive)\s+){{0,3}}(?i:{_ROLE_NOUN}|mayor)\b")
_PERSON_THEN_ROLE = re.compile(rf"^{HONORIFIC}\s+(?:{_NAME_WORD}\s*){{1,5}}?(?:\s*{_POST_NOMINAL}\b)*\s+(?={_OFFICE_START})")
# a role that is itself a body and can be an addressee when no organisation is named
BODY_ROLE = re.compile(r"^(?:the\s+)?(?:secretary of state|minister|chief coroner|chief medical officer|"
                       r"chief constable|(?:police and crime )?commissioner|chief inspector|registrar general|"
                       r"director of public prosecutions|lord chancellor|attorney general)\b", re.I)
ORG_WORD = re.compile(r"\b(?:council|trust|nhs|police|constabulary|department|ministry|ltd|limited|plc|llp|"
                      r"hospitals?|service|services|agency|board|authority|partnership|university|college|"
                      r"school|group|company|highways|roads|england|wales|office|commission|association|"
                      r"society|institute|foundation|centre|center|practice|surgery|clinic|prison|"
                      r"care|home|homes|network|federation|alliance|executive|directorate|committee|panel|"
                      r"bank|railway|rail|airport|transport|network rail|inspectorate|regulator|ombudsman|"
                      r"college|royal|national|county|borough|city|district|government|icb|ccg|hmp|hmyoi|yoi|inc|"
                      r"corporation|courts?)\b", re.I)
_STREET = r"(?:street|st|road|rd|lane|ln|way|close|avenue|ave|drive|dr|place|pl|square|sq|court|ct|crescent|terrace|" \
          r"gardens|grove|park|row|walk|hill|parade|quay|wharf|yard|mews|gate|green)"
# words that make a name an organisation on its own (not a department of one: "Legal Services")
STRONG_ORG = re.compile(r"\b(?:council|trust|nhs|police|constabulary|ltd|limited|plc|llp|department|ministry|"
                        r"university|college|hospitals?|agency|authority|england|wales|company|commission|office|"
                        r"board|partnership|group|inspectorate|government|icb|ccg|fire and rescue|hmp|hmyoi|inc|"
                        r"corporation|mbc|mdc|cbc)\b", re.I)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
ADDRESS_LINE = re.compile(
    rf"^(?:\d+[A-Za-z]?(?:-\d+)?,?\s+(?:[A-Z][\w'’-]*\s+){{1,4}}{_STREET}\b|(?:unit|floor|suite|flat|room|po box)\s+\w+|"
    rf"(?:[A-Z][\w'’-]*\s+){{1,4}}{_STREET}$|(?:\d+[A-Za-z]?\s+)?(?:[A-Z][\w'’-]*\s+){{0,3}}(?:house|building|buildings|"
    rf"tower|centre|chambers|offices?|estate|business park)(?:,|$))", re.I)


BUILDING_AFTER_ORG = re.compile(
    r"^(?P<org>.*\b(?:council|trust|nhs|police|constabulary|ltd|limited|plc|department[\w ]*|ministry[\w ]*|agency|"
    r"authority|england|company|commission|office|board|group|transport|health[\w ]*)\b)\s+"
    r"(?P<building>(?:[A-Z][\w'’-]*\s+){1,3}(?:House|Building|Buildings|Tower|Centre|Chambers|Offices))$", re.I)


@dataclass(frozen=True)
class Recipient:
    """One entry of the recipients list, in parts; ``addressee`` is what the report is addressed to."""

    entry: str  # as printed, lines joined with ", "
    organisation: str | None
    role: str | None
    person: str | None
    address: tuple[str, ...] = ()

    @property
    def addressee(self) -> str | None:
        if self.organisation:
            return self.organisation
        return _trim_body(self.role) if self.role else None  # "Secretary of State for Transport (Rt Hon ...)"


def is_address(text: str) -> bool:
    t = text.strip(" ,.")
    return bool(POSTCODE.search(t) or ADDRESS_LINE.match(t))


def is_person(part: str, next_is_role: bool = False) -> bool:
    p = part.strip(" ,.")
    if BODY_ROLE.match(p) or re.match(r"(?i)lord\s+(?:mayor|lieutenant|chief justice)\b", p):
        return False  # "Lord Chancellor": an office, not a peer
    if PEER.match(p):
        return True
    if ORG_WORD.search(p) and not PERSON_WITH_TITLE.match(p):
        return False
    if ROLE_NOUN.search(p) and not PERSON_WITH_TITLE.match(p):
        return False
    if PERSON_WITH_TITLE.match(p):
        return True
    # a bare name ("Craig Guildford") only when a role follows it, or a post-nominal ends it
    return bool(PERSON_BARE.match(p) and (next_is_role or POST_NOMINAL_END.search(p)))


_BODY_OF = re.compile(r"(?i)(?:the\s+)?(?:association|society|institute|institution|federation|confederation|"
                      r"royal college|college|faculty|union|council|board|chamber) of\b")


def _split_role_org(part: str) -> tuple[str | None, str | None]:
    """("Chief Executive", "Dudley NHS Trust") for "The Chief Executive of Dudley NHS Trust"; a part that is
    all role gives (role, None), all organisation (None, org)."""
    p = part.strip(" ,.")
    if _BODY_OF.match(p):
        return None, p  # "Association of Ambulance Chief Executives": a body of the people it names
    m = ROLE_START.match(p)
    if not m:
        return None, p
    rest = p[m.end():].strip()
    # "DVLA Chief Executive", "NHS England Medical Director", "Welsh Government Cabinet Secretary for
    # Transport": the body's name before the job
    rm = ROLE_NOUN.search(p)
    before = re.sub(r"(?:\s+(?:Medical|Clinical|Executive|Deputy|Interim|Acting|Assistant|Senior|Regional|Area|"
                    r"Group|Corporate|Managing|Operations|Operational|Nursing|Finance|Chief|Cabinet|General))+$", "",
                    p[:rm.start()].strip()) if rm else ""
    if before and not re.match(r"(?i)the\b", before) and (re.fullmatch(r"[A-Z]{2,6}", before) or STRONG_ORG.search(before)):
        return p[rm.start():].strip(), before
    if not rest:
        return p, None
    # "of/for/at X": X is the organisation when it names one, else part of the role
    om = re.match(r"^(?:of|if|for|at|to|,)\s+(?:the\s+)?(.+)$", rest, re.I)
    if om:
        tail = om.group(1)
        if BODY_ROLE.match(p) and not re.search(r"\b(?:council|trust|nhs|police|ltd|limited|plc)\b", tail, re.I):
            return p, None  # "Secretary of State for Health and Social Care": a body in itself
        if ORG_WORD.search(tail):
            return p[:m.end()].strip(), tail
        # "CEO of Jaguar Land Rover", "General Secretary of the Auto Cycle Union": a name, not a department
        if re.fullmatch(r"(?:[A-Z][\w'’&-]*\s+){1,5}[A-Z][\w'’&-]*", tail) and not ROLE_NOUN.search(tail) \
                and not DEPT_PART.match(tail):
            return p[:m.end()].strip(), tail
        return p, None
    rest = re.sub(r"^\([^)]*\)\s*", "", rest)  # "Officer (Road Safety) Cornwall Council"
    # "Area Highway Manager Surrey County Council": the organisation follows the role noun directly;
    # so does one whose name starts with its initials ("General Manager GRS Recovery")
    if rest[:1].isupper() and (ORG_WORD.search(rest) or re.match(r"[A-Z]{2,6}\b", rest)):
        return p[:m.end()].strip(), rest
    # ... or a name of capitalised words that are no job ("Acting Chief Executive We Are With You")
    if re.fullmatch(r"(?:[A-Z][\w'’&-]*\s+){1,5}[A-Z][\w'’&-]*", rest) and not ROLE_NOUN.search(rest):
        return p[:m.end()].strip(), rest
    return p, None


def parse_entry(lines: list[str]) -> Recipient:
    lines = [" ".join(x.split()).lstrip("–—-• ").strip() for x in lines if x and x.strip(" ,.–—-•")]
    entry = ", ".join(lines)
    address = tuple(x for i, x in enumerate(lines) if i > 0 and is_address(x))
    body = [x for i, x in enumerate(lines) if not (i > 0 and is_address(x))]
    joined = _COMMA_NAMES.sub(lambda mm: mm.group(0).replace(",", "\u0001"), _FORMERLY.sub("", ", ".join(body)))
    parts = [x.strip().replace("\u0001", ",") for x in re.split(r"\s*,\s*|\s+[-–—]\s+", joined) if x.strip(" ,.")]
    # "Mr A Name Mayor of London", "Rt Hon A Name MP Secretary of State for Transport": a person, then their office
    split: list[str] = []
    for part in parts:
        pm = _PERSON_THEN_ROLE.match(part)
        if pm:
            split += [part[:pm.end()].strip(), part[pm.end():]]
        else:
            split.append(part)
    parts = split
    # "... Development Floor 3": an address line run onto the name when the lines were joined
    for i, part in enumerate(parts):
        fm = re.search(r"\s+((?:floor|unit|suite|room|level)\s+\d+\w*)$", part, re.I)
        if fm and i > 0:
            parts[i] = part[:fm.start()]
            address += (fm.group(1),)
    # an address run on the first line ("..., 39 Some Street, Northtown NT1 2AB")
    while parts and len(parts) > 1 and is_address(parts[-1]):
        bm = BUILDING_AFTER_ORG.match(parts[-1])
        if bm and STRONG_ORG.search(bm.group("org")):  # "Northshire Police Westgate House"
            parts[-1] = bm.group("org")
            address = (bm.group("building"),) + address
            break
        address = (parts.pop(),) + address
    while len(parts) > 1 and is_address(parts[-1]) is False and POSTCODE.search(parts[-1]):
        address = (parts.pop(),) + address
    person = role = None
    org: list[str] = []
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if not org and role is None and is_person(part, bool(nxt and ROLE_START.match(nxt))):
            person = person or part  # "Mr A Name, Mr B Name, Chief Executive, ...": the first is kept
            continue
        if role is None and not org:
            r, o = _split_role_org(part)
            if r:
                role = r
                if o and not STRONG_ORG.search(o) and any(STRONG_ORG.search(x) for x in parts[i + 1:]):
                    role = part.strip(" ,.")  # "Head | Legal Services and Claims, <the trust>": a department
                elif o:
                    org.append(o)
                continue
        if is_address(part) and org:
            address += (part,)
            continue
        if re.fullmatch(rf"{HONORIFIC}", part.strip(" ,.")) or \
                is_person(part) and (PERSON_WITH_TITLE.match(part.strip(" ,.")) or PEER.match(part.strip(" ,."))):
            person = person or part  # "Secretary of State for Transport – Mr A Name": a person, wherever
            continue
        org.append(part)
    if org:  # "Department for Transport Westgate House": a building name run on after the organisation
        bm = BUILDING_AFTER_ORG.match(org[-1])
        if bm:
            org[-1] = bm.group("org")
            address = (bm.group("building"),) + address
    org = _principal_body(org)
    organisation = ", ".join(org).strip(" ,.") or None
    if organisation:
        organisation = re.sub(r"^the\s+", "", organisation, flags=re.I) if not organisation.lower().startswith(
            "the child safeguarding") else organisation
    return Recipient(entry=entry, organisation=organisation, role=role, person=person, address=address)


# the words of a department or unit of a body: "Highways Department", "Street Lighting", "Road Traffic Division"
DEPT_WORDS = (r"highways?|transport(?:ation)?|planning|traffic|environment|regeneration|street lighting|lighting|legal|"
               r"public health|engineering|procurement|democratic|growth|infrastructure|network management|roads?|"
               r"policing|place|economy|economic development|development|culture|leisure|operations|"
               r"department|division|unit|section|team|directorate|services?|office|delivery|management|"
               r"casualty reduction|casualty investigation|accident investigation|collision investigation|road safety|asset|assets|"
               r"policy|commissioning|adult care|community well ?being|network|patient safety|maintenance|"
               r"built environment|city development|airside operations|strategy|safety|waste")
# "Essex Highways", "Northshire Highways Department": a place, then a department (a council's)
PLACE_BEFORE_DEPT = re.compile(rf"^(?:the\s+)?(?!(?:{DEPT_WORDS}|county|general|local|area|regional|national|city)\b)[A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+)*?\s+"
                               r"(?:Highways?|Highway Authority|Highways Department|Highways Authority)\b", re.I)
DEPT_PART = re.compile(rf"^(?:the\s+)?(?:(?:{DEPT_WORDS}|and|&|of|for|county|city|local|area|general|regional)\s*)+$", re.I)
# a body's name, then a unit of it: "Birmingham City Council Highways Department", "West Midlands Police Road
# Traffic Division", "Department of Health Ministerial Correspondence and Public Enquiries Unit"
_BODY_THEN_UNIT = re.compile(
    r"^(?P<body>.*?\b(?:Council|MBC|Police|Constabulary|Trust|Agency|Authority|Department (?:of|for) [A-Z][\w'’]+"
    r"(?: and [A-Z][\w'’]+)*|Ministry of [A-Z][\w'’]+))\s+(?P<unit>(?:[A-Z][\w&'’-]*\s+|and\s+|&\s+)*"
    r"(?:Department|Division|Unit|Section|Team|Directorate|Highways|Office|Service))$")
# a unit of a body, then the body: "Highways Department Kent County Council", "Transport Swindon Borough Council"
_UNIT_THEN_BODY = re.compile(rf"^(?:(?:{DEPT_WORDS}|primary care|nursing|quality|and|&)\s+)+"
                             r"(?=[A-Z].*\b(?:Council|MBC|Authority|Police|Constabulary)\b|NHS\s+[A-Z])", re.I)
_ROLE_AFTER_BODY = re.compile(rf"\b(?:Trust|Council|Police|Constabulary|Agency|Authority|Ltd|Limited|PLC|plc|Group)"
                              rf"(?P<role>\s+(?:(?:[A-Z][\w&'’-]*|and|of)\s+){{0,3}}?(?:{_ROLE_NOUN})s?)$", re.I)
_TRAILING_BRACKET = re.compile(r"\s*\((?:[‘'“\"]?[A-Z][\w&]{0,9}[’'”\"]?|(?:the\s+)?[‘'“\"][^)]{1,30}[’'”\"]|"
                               rf"{HONORIFIC}[^)]*)\)$")


# "(Formerly Addaction)": taken out before an entry is split at its commas
_FORMERLY = re.compile(r"\s*\((?:formerly|previously|now)\b[^)]*\)", re.I)


# names with commas in them, kept whole when an entry is split at its commas
_COMMA_NAMES = re.compile(r"\b(?:Environment,\s*Food and Rural Affairs|Tees,\s*Esk and Wear Valleys?|Foreign,\s*Commonwealth"
                          r"(?:\s+and|,)\s*Development|(?:Digital,\s*)?Culture,\s*Media and Sport|Levelling Up,\s*Housing"
                          r"|Business,\s*Energy|Health,\s*Social Care|Prisons,\s*Parole and Probation)\b")
# "<job> for <body>": "Programmes Delivery Engineer for Warwickshire County Council"
_JOB_FOR = re.compile(rf"^(?:.*?\b(?:{_ROLE_NOUN}|engineer)s?\b"
                      rf"(?:\s*\([^)]*\))?\s+(?:for|of|at|with)\s+(?:the\s+)?)(?=[A-Z])", re.I)
_PLACE_TAIL = re.compile(r"\s+(?:in|at|for area of|for the area of)\s+[A-Z][\w'’-]+(?:\s+(?:upon\s+)?[A-Z][\w'’-]+)*$")
_PERSON_TAIL = re.compile(rf"\s+(?:{HONORIFIC})\s+[A-Z].*$")


def _trim_body(part: str) -> str:
    part = re.sub(r"^Messrs\.?\s+", "", part)
    # a unit or site after the body's name: "<body> Legal Services", "HMP Humber (Everthorpe Site)"
    part = re.sub(r"(?i)(?<=\S)\s+\(?(?:legal(?: and democratic)?|democratic) services?\)?$|\s*\([^)]*\b(?:site|campus|branch)\)$",
                  "", part)
    part = _TRAILING_BRACKET.sub("", part).strip()
    part = re.sub(r"\s+and\s+(?:their|his|her|its)\s+.*$", "", part)  # "<force> and their Solicitors and Counsel"
    if (pt := _PERSON_TAIL.search(part)) and pt.start() > 0:
        part = part[:pt.start()]  # "Secretary of State for Transport The Rt Hon <name>"
    if not BODY_ROLE.match(part):  # an office that is a body ("Secretary of State for the Home Department") stays
        if (jm := _JOB_FOR.match(part)) and STRONG_ORG.search(part[jm.end():]):
            part = part[jm.end():]  # the body a job is for
        elif (rm := ROLE_START.match(part)) and (rest := re.sub(r"^(?:\([^)]*\)\s*|(?:of|for|at)\s+(?:the\s+)?)+", "",
                                                                  part[rm.end():].strip())) and \
                rest[:1].isupper() and (STRONG_ORG.search(rest) or ORG_WORD.search(rest) and len(rest.split()) > 1):
            part = rest  # "General Counsel Transport for London", "Officer (Road Safety) Cornwall Council"
    if (pm := _PLACE_TAIL.search(part)) and len(part[:pm.start()].split()) >= 2:
        part = part[:pm.start()]  # "Regent Coaches in <town>"
    part = re.sub(rf"\s+(?:{HONORIFIC})$", "", part)  # "... Public Health Prof": a title with no name
    # "North West Ambulance Service NWAS": the initials of the name after it
    if (am := re.search(r"\s+([A-Z]{2,6})$", part)) and am.group(1) == "".join(
            w[0] for w in re.findall(r"[A-Z][\w'’-]*", part[:am.start()]))[-len(am.group(1)):]:
        part = part[:am.start()]
    if (m := _BODY_THEN_UNIT.match(part)) and STRONG_ORG.search(m.group("body")):
        part = m.group("body")
    if (m := _UNIT_THEN_BODY.match(part)) and m.end() < len(part):
        part = part[m.end():]
    if m := _ROLE_AFTER_BODY.search(part):
        part = part[:m.start("role")]
    return part.strip(" ,.")


_DESCRIPTION = re.compile(r"(?i)^(?:an?\s+|the\s+)?(?:[\w&'’-]+\s+){0,3}(?:manufacturers?|makers?|operators?|retailers?|"
                          r"suppliers?|distributors?|importers?|developers?|contractors?|landlords?|owners?|"
                          r"providers?|charity|firm|company|insurers?)$")


def _principal_body(org: list[str]) -> list[str]:
    """The parts of an entry that name the body it is addressed to: a department, a unit, a job or a
    town beside a body's own name is dropped ("Highways Department, Staffordshire County Council",
    "<the trust>, Chief Executive", "Rope Green Medical Centre, Shavington, Crewe"); the parts of one
    name with commas in it stay together ("Tees, Esk and Wear Valleys NHS Foundation Trust")."""
    parts = [_trim_body(x) for x in org]
    parts = [x for x in parts if x]
    if len(parts) > 1:  # "Scania, Lorry manufacturer": what the body is, said after its name
        parts = [x for x in parts if not _DESCRIPTION.match(x)] or parts
    if len(parts) < 2:
        return parts
    strong = [i for i, x in enumerate(parts) if STRONG_ORG.search(x) and not DEPT_PART.match(x)] or \
        [i for i, x in enumerate(parts) if ORG_WORD.search(x) and not DEPT_PART.match(x)]  # "Vine Street Surgery, <town>"
    if not strong:
        return parts
    k = strong[-1]
    if k > 0 and re.fullmatch(r"(?:an?\s+)?(?:NHS(?: Foundation)? Trust|NHS|Ltd|Limited|PLC|plc|LLP|Inc)", parts[k]):
        parts[k - 1:k + 1] = [f"{parts[k - 1]} {parts[k]}"]  # "North East Ambulance Service, NHS Foundation Trust"
        k -= 1
    keep = [parts[k]]
    # a fragment right before it that has no word of a body, a unit or a job is the start of its name
    j = k - 1
    while j >= 0 and not ORG_WORD.search(parts[j]) and not ROLE_NOUN.search(parts[j]) and not DEPT_PART.match(parts[j]) \
            and re.fullmatch(r"[A-Z][a-z][\w'’-]*", parts[j]):  # one word ("Tees"), not initials ("MCA and DoLS")
        keep.insert(0, parts[j])
        j -= 1
    return keep


def split_inline(text: str) -> list[str]:
    """The entries of a recipients list printed on one line: "A; B; C" or "1. A 2. B"."""
    if re.search(r"(?:^|\s)\(?\d{1,2}[.)]\s", text):
        items = re.split(r"(?:^|\s)\(?\d{1,2}[.)]\s+", text)
    else:
        items = re.split(r"\s*;\s*|\s+\|\s+", text)
    return [x.strip(" ,.;") for x in items if x.strip(" ,.;")]
