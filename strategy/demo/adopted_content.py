"""The text and figures of the demo's adopted plan, "Socialøkonomisk strategi og handleplan
2026–2029", built from the offer's phase 2. Every person, figure and note is invented.

Action periods are months counted from the plan's start (start month, end month: the action
runs from the first of the start month to the day before the end month). Progress is
(days ago, state, % done, indicator value, internal note), oldest first.
"""

from mapping.models import Feedback

TITLE = "Socialøkonomisk strategi og handleplan 2026–2029"

VISION = (
    "I 2029 er de socialøkonomiske virksomheder en naturlig del af erhvervslivet i Haderslev "
    "Kommune. De skaber job, praktik og fællesskab for borgere, der står på kanten af "
    "arbejdsmarkedet, i Haderslev og Vojens såvel som i Gram, Starup, Hammelev, Sommersted "
    "og på Årø.\n\n"
    "Kommunen køber hos virksomhederne, private virksomheder bruger dem som underleverandører, "
    "og nye idéer får rådgivning og sparring, så de kan blive til levedygtige virksomheder. "
    "Kommunens støtte er rådgivning og vejledning, ikke tilskud til enkelte virksomheder."
)

# Departments of Haderslev Kommune that own actions.
ERHVERV = "Haderslev Kommune, Erhverv og Udvikling"
SOCIAL = "Haderslev Kommune, Social og Sundhed"
SKOLE = "Haderslev Kommune, Børn og Skole"
INDKOB = "Haderslev Kommune, Økonomi og Indkøb"
KULTUR = "Haderslev Kommune, Kultur og Fritid"

# The mapping demo's organisations, by name.
KVISTEN = "Café Kvisten"
GENBRUG = "Genbrugsværkstedet Vojens"
NATURPLEJE = "Årø Naturpleje"
GROEN = "Grøn Omsorg Gram"
CYKEL = "Cykelværkstedet Haderslev"
MADHUS = "Sommersted Madhus"
STARUP = "Ungdomscaféen Starup"
AEBLE = "Æblelauget Over Jerstal"
OERNEREDEN = "Ørnereden Bofællesskab"
SKRYDSTRUP = "Skrydstrup Kulturhus"
FORVALTNING = "Haderslev Kommune, Erhverv og Borgerservice"
FRIVILLIG = "Frivilligrådet i Haderslev Kommune"
UNGDOMSRAAD = "Ungdomsrådet i Haderslev Kommune"
DAMSGAARD = "Damsgaard Trælast A/S"
HAMMELEV_BYG = "Hammelev Byg & Anlæg ApS"
ERHVERVSFORENING = "Erhvervsforeningen Sydøst"
PRODUKTIONSSKOLE = "Produktionsskolen ved Dammen"

# The mapping demo's feedback, by the beginning of its text.
FB_AFTALER = "Vi har brug for faste aftaler med kommunen"
FB_FLEKSJOB = "Reglerne for fleksjob er svære"
FB_KUVOSE = "Erhvervsservice forventer at kunne henvise"
FB_MENTORER = "Frivilligrådet stiller gerne med mentorer"
FB_LOKALER = "Vi kan ikke finde lokaler"
FB_ET_STED = "Flere efterspurgte ét sted i kommunen"
FB_MONTAGE = "Damsgaard vil gerne købe montageopgaver"

# Feedback from people who agreed to hear back: organisation, person, theme, text, tags.
FB_NETVAERK = (
    "Netværksmøderne bør gå på omgang mellem virksomhederne, så vi lærer hinandens steder og "
    "varer at kende."
)
FB_WEBSHOP = (
    "Et fælles udstillingsvindue på nettet, hvor borgere og virksomheder kan se og købe de "
    "socialøkonomiske virksomheders varer."
)
FB_UDBUD = (
    "Som lille virksomhed har vi svært ved at byde på kommunens udbud; kontrakterne er for "
    "store til os."
)
CONSENTING_FEEDBACK = [
    (KVISTEN, "Villads Vestergaard", Feedback.Theme.IDEAS, FB_NETVAERK, ["Netværk"]),
    (GENBRUG, "Birthe Bundgaard", Feedback.Theme.IDEAS, FB_WEBSHOP, ["Salg", "Synlighed"]),
    (GROEN, "Hanne Hvidberg", Feedback.Theme.BARRIERS, FB_UDBUD, ["Offentlige indkøb"]),
]

PLANNED, UNDER_WAY, DONE, DROPPED = "planned", "under_way", "done", "dropped"

# Focus areas: title, description, goals (title, description), actions.
FOCUS_AREAS = [
    (
        "Samspil mellem kommunen og de socialøkonomiske virksomheder",
        "Kommunen er kunde, samarbejdspartner og vejviser for de socialøkonomiske virksomheder.",
        [
            ("Kommunen køber flere varer og ydelser hos lokale socialøkonomiske virksomheder", ""),
            ("Én indgang til kommunen for socialøkonomiske virksomheder og iværksættere", ""),
        ],
    ),
    (
        "Nye socialøkonomiske virksomheder og en kuvøse",
        "Idéer fra foreninger, ildsjæle og vækstlaget får rådgivning, sparring og et sted at "
        "starte, i byerne og i landdistrikterne.",
        [
            ("Flere nye socialøkonomiske virksomheder i hele kommunen", ""),
            ("Nye virksomheder overlever de første tre år", ""),
        ],
    ),
    (
        "Et lokalt netværk for socialøkonomi",
        "Virksomhederne mødes, deler viden og bliver synlige for borgere og erhvervsliv.",
        [("Virksomhederne kender, bruger og anbefaler hinanden", "")],
    ),
    (
        "Samspil med private virksomheder og skoler",
        "Private virksomheder bruger de socialøkonomiske virksomheder som underleverandører, og "
        "unge møder socialøkonomien i skolen.",
        [
            ("Flere private virksomheder køber hos socialøkonomiske virksomheder", ""),
            ("Unge møder socialøkonomien i skolen og på ungdomsuddannelserne", ""),
        ],
    ),
]

# One list per focus area; "goal" is the goal's number in its area (or None).
ACTIONS = [
    [
        {
            "title": "Sociale klausuler og reserverede kontrakter i kommunens indkøb",
            "description": "Indkøb deler udbud op og bruger sociale klausuler og reserverede "
            "kontrakter, så de socialøkonomiske virksomheder kan byde. Indkøberne får en kort "
            "vejledning og en liste over virksomhederne.",
            "goal": 1,
            "owner": ("department", INDKOB),
            "partners": [FORVALTNING, HAMMELEV_BYG],
            "months": (1, 24),
            "budget": "150000",
            "hours": "180",
            "indicator": ("Indkøbsaftaler med socialøkonomiske virksomheder", "aftaler", 2, 10),
            "organisations": [GENBRUG, NATURPLEJE, MADHUS, GROEN],
            "feedback": [FB_AFTALER, FB_UDBUD],
            "themes": ["needs", "barriers"],
            "ideas": [
                (GENBRUG, "Istandsættelse af kontormøbler"),
                (NATURPLEJE, "Naturpleje af kommunale arealer"),
            ],
            "progress": [
                (250, UNDER_WAY, 10, 2, "Indkøb har udpeget tre udbud, der kan deles op."),
                (140, UNDER_WAY, 30, 4, "Aftale om naturpleje på Årø underskrevet."),
                (12, UNDER_WAY, 45, 5, "Vejledning til indkøberne sendt i høring internt."),
            ],
        },
        {
            "title": "Frokost fra Sommersted Madhus til rådhusets kantine",
            "description": "Forsøg med frokost leveret af Sommersted Madhus to dage om ugen. "
            "Forsøget evalueres med kantinen og medarbejderne.",
            "goal": 1,
            "owner": ("organisation", MADHUS),
            "fallback": ERHVERV,
            "partners": [FORVALTNING],
            "months": (2, 8),
            "budget": "40000",
            "hours": "30",
            "indicator": ("Frokoster leveret om ugen", "frokoster", 0, 120),
            "organisations": [MADHUS],
            "ideas": [(MADHUS, "Frokost til rådhusets kantine")],
            "themes": ["ideas"],
            "progress": [
                (240, UNDER_WAY, 20, 40, "Første leverancer; kantinen er tilfreds."),
                (160, UNDER_WAY, 60, 90, "Udvidet til tre dage om ugen i maj."),
                (95, DONE, 100, 130, "Forsøget er slut og gjort fast fra august."),
            ],
        },
        {
            "title": "Én indgang: en socialøkonomisk tovholder i kommunen",
            "description": "En fast tovholder svarer på henvendelser fra virksomheder og "
            "iværksættere og finder den rette i kommunen, også om fleksjob og praktik.",
            "goal": 2,
            "owner": ("person", "project_leader"),
            "partners": [FORVALTNING],
            "months": (0, 48),
            "budget": "80000",
            "hours": "400",
            "indicator": ("Henvendelser besvaret", "henvendelser", 0, 150),
            "feedback": [FB_ET_STED, FB_FLEKSJOB],
            "themes": ["needs", "barriers"],
            "progress": [
                (300, UNDER_WAY, 5, 4, "Telefon og postkasse oprettet."),
                (200, UNDER_WAY, 15, 38, "Henvisning fra Borgerservice virker."),
                (100, UNDER_WAY, 25, 81, "Mange spørgsmål om fleksjob: FAQ skrives."),
                (6, UNDER_WAY, 35, 126, "FAQ om fleksjob lagt på portalen."),
            ],
        },
    ],
    [
        {
            "title": "Kuvøse for nye socialøkonomiske virksomheder",
            "description": "Et forløb på seks måneder med sparring om forretningsplan, budget "
            "og selskabsform, en mentor og adgang til netværket.",
            "goal": 1,
            "owner": ("department", ERHVERV),
            "partners": [FRIVILLIG, FORVALTNING],
            "months": (3, 36),
            "budget": "450000",
            "hours": "900",
            "indicator": ("Virksomheder i kuvøsen", "virksomheder", 0, 15),
            "organisations": [STARUP, OERNEREDEN, SKRYDSTRUP],
            "feedback": [FB_KUVOSE],
            "themes": ["expectations"],
            "potentials": [STARUP, OERNEREDEN, SKRYDSTRUP],
            "progress": [
                (210, UNDER_WAY, 10, 2, "De første to forløb er begyndt."),
                (120, UNDER_WAY, 20, 4, "Ungdomscaféen Starup og Ørnereden er optaget."),
                (20, UNDER_WAY, 30, 6, "Seks i kuvøsen; to venter på plads."),
            ],
        },
        {
            "title": "Lokaler til opstart i landdistrikterne og på Årø",
            "description": "Tomme kommunale lokaler og forsamlingshuse stilles til rådighed "
            "for nye initiativer til en lav husleje i det første år.",
            "goal": 1,
            "owner": ("person", "consultant"),
            "partners": [FORVALTNING],
            "months": (4, 30),
            "budget": "120000",
            "hours": "160",
            "indicator": ("Initiativer i kommunale lokaler", "initiativer", 0, 6),
            "organisations": [STARUP, AEBLE],
            "feedback": [FB_LOKALER],
            "themes": ["barriers"],
            "potentials": [STARUP, AEBLE],
            "stale": True,
            "progress": [
                (150, UNDER_WAY, 10, 1, "Forsamlingshuset i Starup er klar fra august."),
                (55, UNDER_WAY, 20, 2, "Køkken til Æblelauget undersøges med Teknik og Miljø."),
            ],
        },
        {
            "title": "Mentorkorps fra foreningslivet",
            "description": "Erfarne frivillige fra foreninger og erhvervsliv er mentorer for "
            "virksomhederne i kuvøsen.",
            "goal": 2,
            "owner": ("organisation", FRIVILLIG),
            "fallback": KULTUR,
            "months": (2, 20),
            "budget": "25000",
            "hours": "60",
            "indicator": ("Aktive mentorer", "mentorer", 0, 12),
            "organisations": [FRIVILLIG],
            "feedback": [FB_MENTORER],
            "themes": ["offers"],
            "progress": [
                (230, UNDER_WAY, 5, 3, "Tre mentorer meldt sig på Frivilligrådets møde."),
                (130, UNDER_WAY, 30, 6, "Kursusaften for mentorerne holdt i Vojens."),
                (18, UNDER_WAY, 50, 8, "Otte mentorer; hver kuvøse-virksomhed har én."),
            ],
        },
        {
            "title": "Tilskudspulje til opstart af socialøkonomiske virksomheder",
            "description": "En lille pulje til etablering af nye socialøkonomiske virksomheder.",
            "goal": 1,
            "owner": ("department", ERHVERV),
            "months": (3, 27),
            "budget": "200000",
            "hours": "40",
            "indicator": ("Virksomheder støttet", "virksomheder", 0, 8),
            "themes": ["needs"],
            "progress": [
                (270, PLANNED, 0, None, "Afventer juridisk vurdering af puljen."),
                (
                    205,
                    DROPPED,
                    0,
                    None,
                    "Droppet: kommunens støtte til enkelte virksomheder er begrænset ved lov. "
                    "Pengene bruges i stedet på rådgivning i kuvøsen.",
                ),
            ],
        },
    ],
    [
        {
            "title": "Netværksmøder fire gange om året",
            "description": "Netværket mødes på skift hos virksomhederne. Hvert møde har et "
            "tema: salg, frivillige, regler eller samarbejde med kommunen.",
            "goal": 1,
            "owner": ("organisation", KVISTEN),
            "fallback": ERHVERV,
            "partners": [GENBRUG, GROEN, ERHVERVSFORENING],
            "months": (1, 48),
            "budget": "60000",
            "hours": "160",
            "indicator": ("Virksomheder pr. møde", "virksomheder", 0, 20),
            "organisations": [KVISTEN, GENBRUG, GROEN, CYKEL],
            "feedback": [FB_NETVAERK],
            "themes": ["ideas"],
            "potentials": [CYKEL],
            "progress": [
                (265, UNDER_WAY, 5, 9, "Første møde på Café Kvisten."),
                (175, UNDER_WAY, 15, 12, "Møde hos Genbrugsværkstedet i Vojens."),
                (85, UNDER_WAY, 25, 14, "Møde i Gram om frivillige."),
                (9, UNDER_WAY, 30, 16, "Møde om kommunens indkøb; indkøbschefen deltog."),
            ],
        },
        {
            "title": "Fælles webshop og udstillingsvindue for lokale varer",
            "description": "En fælles side, hvor borgere og virksomheder kan se og købe "
            "virksomhedernes varer og ydelser.",
            "goal": 1,
            "owner": ("department", ERHVERV),
            "partners": [ERHVERVSFORENING],
            "months": (14, 30),
            "budget": "90000",
            "hours": "120",
            "indicator": ("Virksomheder med varer i webshoppen", "virksomheder", 0, 15),
            "organisations": [GENBRUG, CYKEL, KVISTEN],
            "feedback": [FB_WEBSHOP],
            "themes": ["ideas"],
            "progress": [
                (190, PLANNED, 0, None, "Netværket ønsker webshoppen; start i foråret."),
                (15, PLANNED, 0, None, "Kravspecifikation skrevet sammen med netværket."),
            ],
        },
        {
            "title": "Socialøkonomisk dag på Torvet i Haderslev",
            "description": "En dag hvor virksomhederne viser deres varer og fortæller om "
            "deres arbejde for borgere og erhvervsliv.",
            "goal": 1,
            "owner": ("organisation", ERHVERVSFORENING),
            "fallback": ERHVERV,
            "partners": [KVISTEN],
            "months": (4, 6),
            "budget": "35000",
            "hours": "70",
            "indicator": ("Udstillende virksomheder", "virksomheder", 0, 20),
            "organisations": [KVISTEN, GENBRUG, MADHUS, CYKEL],
            "feedback": [FB_NETVAERK],
            "themes": ["ideas", "offers"],
            "progress": [
                (185, UNDER_WAY, 60, 18, "Stadepladser fordelt; program trykt."),
                (160, DONE, 100, 23, "23 virksomheder og ca. 1.500 besøgende."),
            ],
        },
    ],
    [
        {
            "title": "Montageopgaver fra private virksomheder",
            "description": "Konsulenten matcher private virksomheders montage- og "
            "pakkeopgaver med socialøkonomiske virksomheder, der har fleksjob og praktik.",
            "goal": 1,
            "owner": ("department", SOCIAL),
            "partners": [DAMSGAARD, HAMMELEV_BYG],
            "months": (1, 9),
            "budget": "50000",
            "hours": "200",
            "indicator": ("Underleverandøraftaler", "aftaler", 0, 6),
            "organisations": [DAMSGAARD, GENBRUG],
            "feedback": [FB_MONTAGE, FB_FLEKSJOB],
            "themes": ["offers", "barriers"],
            "progress": [
                (240, UNDER_WAY, 15, 1, "Damsgaard Trælast og Genbrugsværkstedet i gang."),
                (120, UNDER_WAY, 45, 3, "Hammelev Byg & Anlæg vil prøve en aftale."),
                (
                    8,
                    UNDER_WAY,
                    70,
                    4,
                    "Slutdatoen er overskredet: to aftaler mangler underskrift. Foreslås "
                    "forlænget i den reviderede plan.",
                ),
            ],
        },
        {
            "title": "Socialøkonomi i undervisningen i 8. og 9. klasse",
            "description": "Et forløb, hvor eleverne besøger en socialøkonomisk virksomhed og "
            "arbejder med en forretningsidé med et socialt formål.",
            "goal": 2,
            "owner": ("department", SKOLE),
            "partners": [PRODUKTIONSSKOLE, UNGDOMSRAAD],
            "months": (19, 42),
            "budget": "75000",
            "hours": "150",
            "indicator": ("Skoler med forløbet", "skoler", 0, 8),
            "organisations": [PRODUKTIONSSKOLE, KVISTEN],
            "themes": ["ideas"],
            "progress": [
                (25, PLANNED, 0, None, "Aftalt med skolechefen: første forløb efter sommer."),
            ],
        },
    ],
]

RECOMMENDATION = {
    "summary": (
        "Administrationen fremlægger forslag til Socialøkonomisk strategi og handleplan "
        "2026–2029. Strategien bygger på kortlægningen af de socialøkonomiske virksomheder i "
        "kommunen, på dialogmøder med virksomheder, foreninger og råd og på styregruppens "
        "behandling. Den har fire fokusområder og en handleplan med ejere, tidsplan, budget "
        "og indikatorer for hver handling."
    ),
    "decision_points": (
        "at byrådet godkender Socialøkonomisk strategi og handleplan 2026–2029,\n"
        "at handleplanens udgifter afholdes inden for de eksisterende budgetrammer, og\n"
        "at byrådet orienteres om fremdriften én gang om året."
    ),
    "case_text": (
        "Byrådet besluttede at styrke de socialøkonomiske virksomheder, fordi de skaber "
        "arbejdspladser og fællesskaber for borgere, der har svært ved at finde plads på det "
        "almindelige arbejdsmarked.\n\n"
        "I programmets første fase er virksomhederne og deres interessenter kortlagt, og der "
        "er holdt informations- og dialogmøder i Haderslev, Vojens og Gram. Delrapporten om "
        "kortlægningen er behandlet i styregruppen. Strategien samler det, vi har hørt, i "
        "fire fokusområder: samspil med kommunen, nye virksomheder og en kuvøse, et lokalt "
        "netværk og samspil med private virksomheder og skoler.\n\n"
        "Styregruppen har godkendt forslaget. Strategien og handleplanen følger nedenfor."
    ),
    "finance_text": (
        "Handleplanens udgifter fremgår af tabellen, fordelt på år og fokusområde. Udgifterne "
        "afholdes inden for de eksisterende rammer på erhvervs- og beskæftigelsesområdet; der "
        "søges ikke om tillægsbevilling. Timerne er kommunens egne medarbejderes tid."
    ),
    "annexes": (
        "Socialøkonomisk strategi og handleplan 2026–2029\n"
        "Delrapport om kortlægningen af de socialøkonomiske virksomheder\n"
        "Høringssvar fra Frivilligrådet, Ældrerådet og Handicaprådet"
    ),
}

VERDICT_COMMENT = (
    "Godkendt. Styregruppen ønsker en årlig status på indikatorerne, før planen revideres."
)
