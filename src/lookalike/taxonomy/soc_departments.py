"""Which of Lusha's departments an O*NET-SOC occupation belongs to: an explicit prefix table.

SOC codes are hierarchical ("41-3031.00": major group 41 Sales, minor group 41-3, ...). The table
maps code prefixes to a department and the longest matching prefix wins, so a broad group can have
exceptions (13-2* is Finance but 13-1071 Human Resources Specialists is HR).
"""

from __future__ import annotations

from lookalike.domain import Department

D = Department

SOC_PREFIX_DEPARTMENTS: dict[str, Department] = {
    # 11 Management occupations: by function
    "11-1011": D.GENERAL_MANAGEMENT,  # chief executives
    "11-1021": D.GENERAL_MANAGEMENT,  # general and operations managers
    "11-1031": D.OTHER,  # legislators
    "11-2011": D.MARKETING,  # advertising and promotions
    "11-2021": D.MARKETING,
    "11-2022": D.SALES,
    "11-2032": D.MARKETING,  # public relations
    "11-2033": D.BUSINESS_DEVELOPMENT,  # fundraising
    "11-3012": D.OPERATIONS,  # administrative services
    "11-3013": D.OPERATIONS,  # facilities, security
    "11-3021": D.INFORMATION_TECHNOLOGY,
    "11-3031": D.FINANCE,
    "11-3051": D.OPERATIONS,  # production
    "11-3061": D.OPERATIONS,  # purchasing
    "11-3071": D.OPERATIONS,  # transportation, supply chain
    "11-3111": D.HUMAN_RESOURCES,
    "11-3121": D.HUMAN_RESOURCES,
    "11-3131": D.HUMAN_RESOURCES,
    "11-9013": D.OPERATIONS,  # farm managers
    "11-9021": D.OPERATIONS,  # construction managers
    "11-903": D.OTHER,  # education administrators
    "11-9041": D.ENGINEERING,
    "11-9051": D.OPERATIONS,
    "11-907": D.OPERATIONS,
    "11-9081": D.OPERATIONS,
    "11-9111": D.HEALTH_CARE,
    "11-9121": D.RESEARCH,
    "11-9131": D.OPERATIONS,
    "11-9141": D.OPERATIONS,
    "11-9151": D.OTHER,
    "11-9161": D.OPERATIONS,
    "11-9171": D.OPERATIONS,
    "11-9179": D.OPERATIONS,
    "11-9199": D.OPERATIONS,
    "11-9199.01": D.LEGAL,  # regulatory affairs
    "11-9199.02": D.LEGAL,  # compliance
    # 13 Business and financial operations
    "13-1011": D.SALES,  # agents of artists
    "13-102": D.OPERATIONS,  # buyers and purchasing agents
    "13-103": D.FINANCE,  # claims adjusters, appraisers
    "13-1041": D.LEGAL,  # compliance officers
    "13-1051": D.FINANCE,  # cost estimators
    "13-107": D.HUMAN_RESOURCES,
    "13-1074": D.OPERATIONS,  # farm labour contractors
    "13-1081": D.OPERATIONS,  # logisticians
    "13-1082": D.OPERATIONS,  # project management specialists
    "13-1111": D.CONSULTING,  # management analysts
    "13-1121": D.MARKETING,  # event planners
    "13-1131": D.BUSINESS_DEVELOPMENT,  # fundraisers
    "13-1141": D.HUMAN_RESOURCES,
    "13-1151": D.HUMAN_RESOURCES,
    "13-1161": D.MARKETING,
    "13-1199": D.OPERATIONS,
    "13-2": D.FINANCE,
    # 15 Computer and mathematical
    "15-1": D.INFORMATION_TECHNOLOGY,
    "15-1221": D.RESEARCH,  # computer and information research scientists
    "15-125": D.ENGINEERING,  # programmers, software and web developers, QA testers
    "15-1255": D.PRODUCT,  # web and digital interface designers
    "15-1299.07": D.ENGINEERING,  # blockchain engineers
    "15-1299.08": D.ENGINEERING,  # systems engineers/architects
    "15-2": D.RESEARCH,
    "15-2011": D.FINANCE,  # actuaries
    # 17 Architecture and engineering; 19 sciences
    "17-": D.ENGINEERING,
    "19-": D.RESEARCH,
    # 21 Community and social service: counsellors are health care, the rest other
    "21-1": D.HEALTH_CARE,
    "21-1012": D.OTHER,  # educational and vocational counsellors
    "21-2": D.OTHER,
    "23-": D.LEGAL,
    "25-": D.OTHER,
    # 27 Arts, design, media
    "27-1": D.MARKETING,  # artists and designers
    "27-1021": D.PRODUCT,  # commercial and industrial designers
    "27-2": D.OTHER,
    "27-3": D.MARKETING,  # PR, writers, editors
    "27-3042": D.ENGINEERING,  # technical writers
    "27-3091": D.OTHER,  # interpreters
    "27-3092": D.LEGAL,  # court reporters
    "27-4": D.ENGINEERING,  # media equipment technicians
    "29-": D.HEALTH_CARE,
    "31-": D.HEALTH_CARE,
    "33-": D.OTHER,
    "35-": D.OPERATIONS,
    "37-": D.OPERATIONS,
    "39-": D.OTHER,
    "41-": D.SALES,
    "41-2011": D.CUSTOMER_SERVICE,  # cashiers
    "41-2012": D.CUSTOMER_SERVICE,
    "41-2021": D.CUSTOMER_SERVICE,  # counter and rental clerks
    # 43 Office and administrative support
    "43-": D.OPERATIONS,
    "43-2": D.CUSTOMER_SERVICE,  # switchboard and telephone operators
    "43-3": D.FINANCE,  # financial clerks
    "43-3061": D.OPERATIONS,  # procurement clerks
    "43-4051": D.CUSTOMER_SERVICE,
    "43-4081": D.CUSTOMER_SERVICE,
    "43-4161": D.HUMAN_RESOURCES,
    "43-4181": D.CUSTOMER_SERVICE,
    "43-6012": D.LEGAL,
    "43-6013": D.HEALTH_CARE,
    "43-9111": D.RESEARCH,
    "45-": D.OPERATIONS,
    "47-": D.ENGINEERING,  # construction trades (electricians, plumbers): technical
    "49-": D.ENGINEERING,  # installation, maintenance and repair technicians
    "51-": D.OPERATIONS,
    "53-": D.OPERATIONS,
    "55-": D.OTHER,
}


def department_for_soc(soc_code: str) -> Department:
    """The department of an O*NET-SOC code ("15-1252.00" -> Engineering & Technical)."""
    for length in range(len(soc_code), 0, -1):
        department = SOC_PREFIX_DEPARTMENTS.get(soc_code[:length])
        if department is not None:
            return department
    return Department.OTHER
