"""Country names (aliases, ISO codes, local names -> canonical English name); US states."""

from __future__ import annotations

from functools import lru_cache

from lookalike.taxonomy._text import normalize

# Canonical name -> aliases (ISO-2, ISO-3, local and common names); accent- and case-blind.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": (
        "US",
        "USA",
        "U.S.",
        "U.S.A.",
        "United States of America",
        "America",
        "Vereinigte Staaten",
        "Etats-Unis",
        "Estados Unidos",
        "EEUU",
        "EE.UU.",
    ),
    "United Kingdom": (
        "GB",
        "GBR",
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Vereinigtes Königreich",
        "Royaume-Uni",
        "Reino Unido",
    ),
    "Germany": ("DE", "DEU", "Deutschland", "Allemagne", "Alemania", "Federal Republic of Germany"),
    "France": ("FR", "FRA", "Frankreich", "Francia", "République française"),
    "Spain": ("ES", "ESP", "España", "Espagne", "Spanien"),
    "Japan": ("JP", "JPN", "Nippon", "Nihon", "Japon", "Japón"),
    "Netherlands": (
        "NL",
        "NLD",
        "The Netherlands",
        "Holland",
        "Nederland",
        "Niederlande",
        "Pays-Bas",
        "Países Bajos",
    ),
    "Finland": ("FI", "FIN", "Suomi", "Finnland", "Finlande", "Finlandia"),
    "Switzerland": ("CH", "CHE", "Schweiz", "Suisse", "Svizzera", "Suiza", "Swiss Confederation"),
    "Sweden": ("SE", "SWE", "Sverige", "Schweden", "Suède", "Suecia"),
    "Belgium": ("BE", "BEL", "België", "Belgique", "Belgien", "Bélgica"),
    "Luxembourg": ("LU", "LUX", "Luxemburg", "Lëtzebuerg", "Luxemburgo"),
    "Ireland": ("IE", "IRL", "Éire", "Eire", "Irland", "Irlande", "Irlanda", "Republic of Ireland"),
    "Italy": ("IT", "ITA", "Italia", "Italien", "Italie"),
    "Austria": ("AT", "AUT", "Österreich", "Autriche"),
    "Denmark": ("DK", "DNK", "Danmark", "Dänemark", "Danemark", "Dinamarca"),
    "Norway": ("NO", "NOR", "Norge", "Norwegen", "Norvège", "Noruega"),
    "Portugal": (
        "PT",
        "PRT",
    ),
    "Poland": ("PL", "POL", "Polska", "Polen", "Pologne", "Polonia"),
    "Australia": ("AU", "AUS", "Australien", "Australie"),
    "Canada": ("CA", "CAN", "Kanada"),
    "Mexico": ("MX", "MEX", "México", "Mexiko", "Mexique"),
    "Argentina": ("AR", "ARG", "Argentinien", "Argentine"),
    "Brazil": ("BR", "BRA", "Brasil", "Brasilien", "Brésil"),
    "China": ("CN", "CHN", "PRC", "People's Republic of China", "Volksrepublik China", "Chine"),
    "Hong Kong": (
        "HK",
        "HKG",
    ),
    "Taiwan": ("TW", "TWN", "Republic of China"),
    "South Korea": (
        "KR",
        "KOR",
        "Korea",
        "Republic of Korea",
        "Südkorea",
        "Corée du Sud",
        "Corea del Sur",
    ),
    "India": ("IN", "IND", "Indien", "Inde"),
    "Singapore": ("SG", "SGP", "Singapur", "Singapour"),
    "Israel": (
        "IL",
        "ISR",
    ),
    "Russia": ("RU", "RUS", "Russian Federation", "Russland", "Russie", "Rusia"),
    "Bermuda": ("BM", "BMU", "Bermudas"),
    "Bahamas": ("BS", "BHS", "The Bahamas"),
    "Isle of Man": (
        "IM",
        "IMN",
    ),
    "Guernsey": (
        "GG",
        "GGY",
    ),
    "Jersey": (
        "JE",
        "JEY",
    ),
    "Puerto Rico": (
        "PR",
        "PRI",
    ),
    "South Africa": ("ZA", "ZAF", "Südafrika", "Afrique du Sud", "Sudáfrica"),
    "New Zealand": ("NZ", "NZL", "Neuseeland", "Nouvelle-Zélande", "Nueva Zelanda"),
    "United Arab Emirates": ("AE", "ARE", "UAE", "Emirates", "Vereinigte Arabische Emirate"),
    "Saudi Arabia": ("SA", "SAU", "Saudi-Arabien", "Arabie saoudite", "Arabia Saudita"),
    "Turkey": ("TR", "TUR", "Türkiye", "Turkiye", "Türkei", "Turquie", "Turquía"),
    "Greece": ("GR", "GRC", "Hellas", "Griechenland", "Grèce", "Grecia"),
    "Czech Republic": ("CZ", "CZE", "Czechia", "Tschechien", "Česko", "République tchèque"),
    "Hungary": ("HU", "HUN", "Magyarország", "Ungarn", "Hongrie", "Hungría"),
    "Romania": ("RO", "ROU", "România", "Rumänien", "Roumanie", "Rumania"),
    "Chile": (
        "CL",
        "CHL",
    ),
    "Colombia": ("CO", "COL", "Kolumbien", "Colombie"),
    "Peru": ("PE", "PER", "Perú", "Pérou"),
    "Indonesia": ("ID", "IDN", "Indonesien", "Indonésie"),
    "Thailand": ("TH", "THA", "Thaïlande", "Tailandia"),
    "Malaysia": ("MY", "MYS", "Malaisie", "Malasia"),
    "Philippines": ("PH", "PHL", "Philippinen", "Filipinas"),
    "Vietnam": ("VN", "VNM", "Viet Nam"),
    "Egypt": ("EG", "EGY", "Ägypten", "Égypte", "Egipto"),
    "Nigeria": (
        "NG",
        "NGA",
    ),
    "Ukraine": ("UA", "UKR", "Ucrania"),
    "Iceland": ("IS", "ISL", "Ísland", "Island", "Islande", "Islandia"),
    "Monaco": (
        "MC",
        "MCO",
    ),
    "Liechtenstein": (
        "LI",
        "LIE",
    ),
    "Cyprus": ("CY", "CYP", "Zypern", "Chypre", "Chipre"),
    "Malta": (
        "MT",
        "MLT",
    ),
    "Estonia": ("EE", "EST", "Eesti", "Estland", "Estonie"),
    "Latvia": ("LV", "LVA", "Latvija", "Lettland", "Lettonie", "Letonia"),
    "Lithuania": ("LT", "LTU", "Lietuva", "Litauen", "Lituanie", "Lituania"),
    "Slovakia": ("SK", "SVK", "Slowakei", "Slovaquie", "Eslovaquia"),
    "Slovenia": ("SI", "SVN", "Slowenien", "Slovénie", "Eslovenia"),
    "Croatia": ("HR", "HRV", "Hrvatska", "Kroatien", "Croatie", "Croacia"),
    "Bulgaria": ("BG", "BGR", "Bulgarien", "Bulgarie"),
    "Serbia": ("RS", "SRB", "Serbien", "Serbie"),
    "Qatar": ("QA", "QAT", "Katar"),
    "Kuwait": (
        "KW",
        "KWT",
    ),
    "Pakistan": (
        "PK",
        "PAK",
    ),
    "Bangladesh": (
        "BD",
        "BGD",
    ),
    "Kenya": ("KE", "KEN", "Kenia"),
    "Morocco": ("MA", "MAR", "Marokko", "Maroc", "Marruecos"),
    "Costa Rica": (
        "CR",
        "CRI",
    ),
    "Uruguay": (
        "UY",
        "URY",
    ),
    "Venezuela": (
        "VE",
        "VEN",
    ),
    "Ecuador": ("EC", "ECU", "Équateur"),
    "Panama": ("PA", "PAN", "Panamá"),
    "Cayman Islands": ("KY", "CYM", "Caymans"),
    "Macau": ("MO", "MAC", "Macao"),
}

US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "DC": "District of Columbia",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}

_LOOKUP: dict[str, str] = {
    normalize(alias): name
    for name, aliases in _COUNTRY_ALIASES.items()
    for alias in (name, *aliases)
}
_STATE_NAMES = {normalize(name): name for name in US_STATES.values()}


@lru_cache(maxsize=10_000)
def normalize_country(text: str) -> str | None:
    """The canonical English name of a country ("USA", "DE", "Deutschland" -> ...), or None.

    A "City, Region" location resolves by its last part; a US state name or code resolves to the
    United States ("Houston, Texas" -> "United States").
    """
    key = normalize(text)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    if "," in text:
        last = normalize(text.rsplit(",", 1)[1])
        if last in _LOOKUP:
            return _LOOKUP[last]
        if last in _STATE_NAMES or last.replace(" ", "").upper() in US_STATES:
            return "United States"
    return None


def us_state_name(code: str) -> str | None:
    """The name of a US state or territory from its two-letter code ("TX" -> "Texas"), or None."""
    return US_STATES.get(code.strip().upper())
