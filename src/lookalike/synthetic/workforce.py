"""Tables that shape the composed workforce of the demo universe.

* :data:`SECTOR_SOC_WEIGHTS`: for each NAICS sector, how its core staff spreads over SOC major
  groups (a hospital employs nurses, a software publisher developers).
* :data:`FUNCTIONS`: the cross-sector functions every company has (sales, marketing, finance, HR,
  IT, operations, customer service), each with the O*NET codes of its staff and its area names.
* :data:`SENIORITY_PYRAMID`: the share of each seniority below the chief executive.

Which countries get German, French or Spanish titles and names is shared with the other universes
in :mod:`lookalike.synthetic.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lookalike.domain import Department, Seniority

D = Department


@dataclass(frozen=True, slots=True)
class Function:
    """A kind of work: the SOC code prefixes of its staff titles and the names of its area."""

    name: str
    department: Department
    soc_prefixes: tuple[str, ...]
    areas: tuple[str, ...]
    chief_titles: tuple[str, ...]


# Share of contacts in core (sector-specific) work; the rest are in cross-sector functions.
CORE_SHARE = 0.5

FUNCTIONS: dict[str, tuple[Function, float]] = {
    "sales": (
        Function(
            "sales",
            D.SALES,
            ("41-3091", "41-4011", "41-4012", "41-3031", "11-2022"),
            ("Sales", "Enterprise Sales", "Inside Sales", "Account Management"),
            ("Chief Revenue Officer", "Chief Sales Officer"),
        ),
        0.22,
    ),
    "business development": (
        Function(
            "business development",
            D.BUSINESS_DEVELOPMENT,
            ("41-3091", "13-1199.05"),
            ("Business Development", "Partnerships", "Strategic Alliances"),
            ("Chief Business Officer",),
        ),
        0.05,
    ),
    "marketing": (
        Function(
            "marketing",
            D.MARKETING,
            ("13-1161", "27-3031", "11-2021", "27-1024", "27-3043"),
            ("Marketing", "Digital Marketing", "Brand Marketing", "Communications"),
            ("Chief Marketing Officer",),
        ),
        0.12,
    ),
    "finance": (
        Function(
            "finance",
            D.FINANCE,
            ("13-2011", "13-2051", "13-2031", "43-3031", "13-2099"),
            ("Finance", "Accounting", "Financial Planning & Analysis", "Treasury"),
            ("Chief Financial Officer",),
        ),
        0.12,
    ),
    "human resources": (
        Function(
            "human resources",
            D.HUMAN_RESOURCES,
            ("13-1071", "13-1141", "13-1151", "43-4161", "11-3121"),
            ("Human Resources", "Talent Acquisition", "People Operations", "Learning"),
            ("Chief Human Resources Officer", "Chief People Officer"),
        ),
        0.09,
    ),
    "information technology": (
        Function(
            "information technology",
            D.INFORMATION_TECHNOLOGY,
            ("15-1231", "15-1232", "15-1241", "15-1242", "15-1244", "15-1212", "15-1211"),
            ("IT", "Information Technology", "IT Infrastructure", "Information Security"),
            ("Chief Information Officer", "Chief Information Security Officer"),
        ),
        0.14,
    ),
    "operations": (
        Function(
            "operations",
            D.OPERATIONS,
            ("13-1081", "13-1082", "13-1023", "43-5061", "43-5071", "11-3071"),
            ("Operations", "Supply Chain", "Procurement", "Logistics"),
            ("Chief Operating Officer", "Chief Supply Chain Officer"),
        ),
        0.14,
    ),
    "customer service": (
        Function(
            "customer service",
            D.CUSTOMER_SERVICE,
            ("43-4051", "43-4171", "43-4151"),
            ("Customer Service", "Customer Success", "Customer Support"),
            ("Chief Customer Officer",),
        ),
        0.12,
    ),
}

# Core work per SOC major group: the area names used in manager/director/VP titles and the chief.
CORE_AREAS: dict[str, tuple[tuple[str, ...], Department, str]] = {
    "13": (("Business Operations", "Compliance"), D.OPERATIONS, "Chief Operating Officer"),
    "15": (
        ("Software Engineering", "Data Science", "Engineering", "Platform Engineering"),
        D.ENGINEERING,
        "Chief Technology Officer",
    ),
    "17": (
        ("Engineering", "Product Engineering", "R&D"),
        D.ENGINEERING,
        "Chief Technology Officer",
    ),
    "19": (
        ("Research", "Research & Development", "Laboratory"),
        D.RESEARCH,
        "Chief Scientific Officer",
    ),
    "21": (("Community Services", "Social Services"), D.OTHER, "Chief Operating Officer"),
    "23": (("Legal", "Legal Affairs"), D.LEGAL, "Chief Legal Officer"),
    "25": (("Education", "Training", "Academic Affairs"), D.OTHER, "Chief Academic Officer"),
    "27": (("Creative", "Design", "Content"), D.MARKETING, "Chief Creative Officer"),
    "29": (
        ("Clinical Services", "Nursing", "Medical Affairs"),
        D.HEALTH_CARE,
        "Chief Medical Officer",
    ),
    "31": (("Patient Care", "Clinical Support"), D.HEALTH_CARE, "Chief Nursing Officer"),
    "33": (("Security", "Safety"), D.OPERATIONS, "Chief Security Officer"),
    "35": (
        ("Food Service", "Culinary", "Restaurant Operations"),
        D.OPERATIONS,
        "Chief Operating Officer",
    ),
    "37": (("Facilities", "Building Services"), D.OPERATIONS, "Chief Operating Officer"),
    "39": (("Guest Services", "Personal Care"), D.CUSTOMER_SERVICE, "Chief Experience Officer"),
    "41": (("Sales", "Retail Sales", "Store Operations"), D.SALES, "Chief Sales Officer"),
    "43": (("Administration", "Office Services"), D.OPERATIONS, "Chief Administrative Officer"),
    "45": (("Farm Operations", "Agriculture"), D.OPERATIONS, "Chief Operating Officer"),
    "47": (
        ("Construction", "Field Operations", "Projects"),
        D.OPERATIONS,
        "Chief Operating Officer",
    ),
    "49": (
        ("Maintenance", "Field Service", "Technical Services"),
        D.OPERATIONS,
        "Chief Operating Officer",
    ),
    "51": (("Production", "Manufacturing", "Quality"), D.OPERATIONS, "Chief Operating Officer"),
    "53": (("Transportation", "Fleet", "Logistics"), D.OPERATIONS, "Chief Operating Officer"),
}

SECTOR_SOC_WEIGHTS: dict[str, dict[str, float]] = {
    "11": {"45": 6, "53": 2, "49": 1, "19": 1, "51": 1},  # agriculture
    "21": {"47": 4, "17": 3, "53": 2, "49": 2, "19": 1},  # mining, oil and gas
    "22": {"17": 4, "49": 4, "51": 2, "13": 1, "43": 1},  # utilities
    "23": {"47": 7, "17": 2, "49": 2, "13": 1},  # construction
    "31": {"51": 6, "17": 3, "49": 2, "19": 1, "53": 1},  # manufacturing
    "42": {"41": 5, "53": 3, "43": 3, "13": 1},  # wholesale
    "44": {"41": 7, "43": 2, "53": 1, "35": 1},  # retail
    "48": {"53": 7, "43": 2, "49": 2, "13": 1},  # transportation and warehousing
    "51": {"15": 6, "27": 3, "17": 1, "13": 1},  # information
    "52": {"13": 7, "43": 3, "15": 2, "23": 1},  # finance and insurance
    "53": {"41": 4, "13": 3, "43": 2, "37": 1},  # real estate
    "54": {"15": 6, "17": 3, "13": 3, "19": 2, "23": 1},  # professional, scientific, technical
    "55": {"13": 5, "43": 2, "15": 1},  # management of companies
    "56": {"43": 4, "37": 3, "33": 2, "13": 1},  # administrative and support
    "61": {"25": 8, "19": 1, "43": 1},  # education
    "62": {"29": 6, "31": 3, "21": 1, "43": 1},  # health care and social assistance
    "71": {"27": 4, "39": 3, "35": 2},  # arts, entertainment, recreation
    "72": {"35": 7, "39": 2, "41": 1},  # accommodation and food
    "81": {"49": 3, "39": 3, "21": 2, "43": 1},  # other services
    "92": {"13": 3, "33": 3, "43": 3, "21": 1},  # public administration
}
DEFAULT_SOC_WEIGHTS: dict[str, float] = {"13": 3, "15": 2, "43": 2, "17": 1, "41": 1}

# Share of each seniority among contacts other than the chief executive.
SENIORITY_PYRAMID: dict[Seniority, float] = {
    Seniority.INTERN: 0.03,
    Seniority.ENTRY: 0.405,
    Seniority.SENIOR: 0.29,
    Seniority.MANAGER: 0.16,
    Seniority.DIRECTOR: 0.075,
    Seniority.VICE_PRESIDENT: 0.03,
    Seniority.PARTNER: 0.005,
    Seniority.C_SUITE: 0.005,
}

CHIEF_EXECUTIVE_TITLES: tuple[str, ...] = (
    "Chief Executive Officer",
    "CEO",
    "President and Chief Executive Officer",
    "President & CEO",
)
FOUNDER_CHIEF_EXECUTIVE_TITLES: tuple[str, ...] = ("Founder & CEO", "Co-Founder and CEO")
