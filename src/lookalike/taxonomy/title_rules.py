"""The rule tables behind :func:`lookalike.taxonomy.titles.classify_title`, on English title words.

The tables live in ``data/titles/title_keywords.tsv``. Foreign titles reach them already rendered in
English by :mod:`lookalike.taxonomy._translate`, so they hold English words and short phrases only.

Seniority is decided by the most senior rank word present, in this order:

10 Founder     founder, co-founder, owner, proprietor (not "product owner" / "process owner"),
               entrepreneur, self-employed (selbstständig, auto-entrepreneur, autónomo)
 9 C-Suite     CEO/CFO/CTO/COO/CIO/CMO/CRO/... and "chief ... officer", president (not vice
               president), managing director (= Geschäftsführer), PDG / directeur général /
               director general / gerente general / consejero delegado, chairman, board member:
               also non-executive and independent directors, members of a board of directors,
               supervisory board (Aufsichtsrat, conseil d'administration, consejo de
               administración) or management board (Vorstand, directoire)
 8 VP          vice president, VP, SVP, EVP, AVP
 7 Partner     partner (managing, senior, equity ...), Gesellschafter, associé, socio; not
               "Partner Manager", "HR Business Partner", "Talent Acquisition Partner" (roles)
 6 Director    director, head (of), Leiter, directeur, jefe, chief without "officer",
               general manager, country manager, general counsel, Prokurist
 5 Manager     manager, mgr, lead, team lead, supervisor, responsable, gerente, encargado,
               foreman, product owner, chef de ... (projet, produit, équipe), jefe de equipo /
               proyecto, Teamleiter, Projektleiter
 4 Senior      senior, sr, principal, staff engineer/scientist, expert, confirmé; levels III, IV
               and L5 and up (L1-L4, I and II name no rank: Entry unless another word does)
 3 Entry       assistant, associate, junior, jr, coordinator, specialist, clerk, trainee, graduate,
               representative; and any recognised role without a rank word ("Software Engineer",
               "Accountant", "Krankenschwester") - an individual contributor
 2 Intern      intern, internship, Praktikant, Werkstudent, Azubi, stagiaire, alternant, becario,
               apprentice, student
 1 Other       nothing recognisable (empty, "retired", "volunteer", unknown words)

"Assistant to the CEO" and "Executive Assistant" are Entry: the words after "assistant to/of" name
whom they assist, not their rank. A combined role ("Founder & CEO", "CFO / COO", "Partner and Head
of Tax") takes its most senior rank and the departments of each part.

Academic and clinical titles: teachers, professors and lecturers (also "Asst. Prof.", maître de
conférences) are Other, whatever they teach; researchers, postdocs and PhD candidates (Doktorand,
doctorant, doctorando) are Research & Analytics, Entry (a PhD *student* is an Intern). Clinical
titles and their shorthand (RN, LPN, CNA, NP, PA-C, CRNA, FACC, medical specialties) are Health
Care & Medical.

Departments come from keyword phrases; strong ones win over weak ones (weak: generic words such as
"operations", "support", "technical", "project"), and when no keyword is found the nearest O*NET
occupation decides through its SOC code (:mod:`lookalike.taxonomy.soc_departments`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from lookalike.domain import Department, Seniority
from lookalike.taxonomy._data import data_path

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleTables:
    """Keyword phrases (tuples of words) to the seniority or department(s) they name."""

    seniority: dict[Phrase, Seniority]
    overrides: dict[Phrase, tuple[Department, ...]]
    exclusive: dict[Phrase, Department]
    strong: dict[Phrase, Department]
    generic: dict[Phrase, Department]
    weak: dict[Phrase, Department]
    chief_functions: dict[str, Department]
    partner_role_before: set[str]
    partner_role_after: set[str]
    staff_rank_before: set[str]

    def terms(self) -> set[str]:
        """Every phrase of every table, space-joined."""
        tables = (
            self.seniority,
            self.overrides,
            self.exclusive,
            self.strong,
            self.generic,
            self.weak,
        )
        return {" ".join(key) for table in tables for key in table} | set(self.chief_functions)


@cache
def rule_tables() -> RuleTables:
    """The tables, read once from ``data/titles/title_keywords.tsv``."""
    tables = RuleTables({}, {}, {}, {}, {}, {}, {}, set(), set(), set())
    path = data_path("titles", "title_keywords.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            _add_row(tables, row["table"], tuple(row["phrase"].split()), row["value"])
    return tables


def _add_row(tables: RuleTables, table: str, phrase: Phrase, value: str) -> None:
    if table == "seniority":
        tables.seniority[phrase] = Seniority[value]
    elif table == "override":
        tables.overrides[phrase] = tuple(Department[name] for name in value.split("|") if name)
    elif table == "chief_function":
        tables.chief_functions[" ".join(phrase)] = Department[value]
    elif table in ("partner_role_before", "partner_role_after", "staff_rank_before"):
        getattr(tables, table).add(" ".join(phrase))
    elif table in ("exclusive", "strong", "generic", "weak"):
        getattr(tables, table)[phrase] = Department[value]
    else:
        raise ValueError(f"title_keywords.tsv: unknown table {table!r}")
