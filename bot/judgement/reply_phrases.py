"""Reply-parser vocabulary that has no key in the rules schema yet: world languages, weekday modifiers, fiscal years,
corrections, the top and bottom tier.

Kept as data, one alternative per element, grouped by cue and language. These are regex alternatives matched
case-insensitively. They belong in reply.toml ([reply] / [reply.dates]) once schemas/rules.detector.schema.json
accepts the keys; until then they live here so that a schema check never rejects the built-in rules.
"""
from __future__ import annotations

# Languages whose month and weekday names (dateparser's locale data) are read beside a day number. Forms that name
# different months in two of these languages (Croatian "listopad" is October, Czech and Polish November) make the
# date ambiguous instead of picking one.
WORLD_LANGUAGES = [
    "en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "sk", "sv", "da", "nb", "fi", "tr", "ru", "uk", "hu",
    "ro", "el", "id", "ca", "hr", "sl", "et", "lv", "lt", "bg", "he", "vi", "ar", "th", "hi", "ms", "fa",
]

# Letters only one of the languages sharing a month name writes (Polish, Czech, Slovak "listopad" is November,
# Croatian October)
LANGUAGE_LETTERS = {"pl": "ąęłńśźż", "cs": "řůěť", "sk": "ôľĺŕä", "hr": "đ"}

# dateparser's 'in' words that, before a duration, do not make it a deadline ("after 3 days of tests", Russian
# "за 3 дня до" is "3 days before")
IN_WORDS_IGNORED = ["after", "après", "im", "за", "после", "подир", "след"]

# Languages that put 'in' after the duration ("90 gün içinde", "3 viikon kuluttua", "3 hét múlva"); elsewhere
# "3 weeks in staging" is no deadline
POSTFIX_IN_LANGUAGES = ["tr", "fi", "hu", "et", "hi"]

# A duration counted from something else than today ("within 30 days of signing", "3 Wochen nach dem Go-live") is no
# date; "from now" / "from today" after these words still counts from today.
ANCHORED_AFTER = [
    "of", "after", "from", "following", "since",  # English
    "nach", "ab",  # German
    "après", "dès", "suivant",  # French
    "después", "desde", "tras",  # Spanish
    "depois", "após",  # Portuguese
    "dopo", "dalla", "dal",  # Italian
    "na", "vanaf", "sinds",  # Dutch
    "po", "od",  # Polish, Czech
    "efter", "etter", "fra", "från",  # Nordic
    "после", "с", "від", "після",  # Russian, Ukrainian
]
ANCHOR_TODAY = [
    "now", "today", "heute", "jetzt", "maintenant", "aujourd'hui", "hoy", "ahora", "hoje", "agora", "oggi", "adesso",
    "vandaag", "nu", "dziś", "dzisiaj", "teraz", "dnes", "idag", "i dag", "nyt", "сегодня", "сейчас", "сьогодні",
]

# Month abbreviations that are everyday words beside a number, on top of reply.dates.month_stopwords ("3 mag of data")
MONTH_STOPWORDS_EXTRA = ["mag"]
# Three-letter month forms of other languages that are everyday words even between a number and a year ("2 pro 2027
# seats"); the rest ("1 Mac 2027", Malay) are read there
SHORT_MONTH_STOPWORDS = ["pro", "tem", "tra", "sie", "bal", "ara", "led", "dub", "kol", "elo", "kas", "stu", "nop"]

# "tomorrow", "yesterday" come from dateparser's locale data; these forms there mean something else too
# (German "Morgen" is the morning, "guten Morgen"; Spanish "mañana" the morning)
DAY_WORDS_IGNORED = ["morgen", "mañana", "wcz", "geçen gün", "önümüzdeki gün", "till date"]

# Before "yesterday" these make it the start of a state, not an event ("hasn't moved since yesterday")
SINCE = ["since", "from", "seit", "ab", "depuis", "desde", "dal", "sinds", "vanaf", "od", "från", "siden", "с", "від"]

# The words between two dates that make them one span ("from A to B", "A bis B", "A부터 B까지"): the second one,
# where the work ends, is the date.
RANGE_BETWEEN = [
    r"(?:from\s+)?(?:to|until|till|through|thru|and|up to)",  # English
    r"bis(?: zum)?", r"und",  # German
    r"au|jusqu'au|et",  # French
    r"al|hasta(?: el)?|a|y",  # Spanish
    r"até|ao|a|e",  # Portuguese
    r"tot(?: en met)?|en",  # Dutch
    r"al|fino al|e",  # Italian
    r"do|až do|a",  # Polish, Czech
    r"till|til",  # Swedish, Danish
    r"по|до",  # Russian
    r"[-–—~〜～]",
    r"부터|から|起",  # Korean, Japanese, Chinese 'from' after the first date, then maybe 'to'
    r"부터\s*|から\s*|到|至",
]

# "2027-01-15 or 2027-01-22": two dates still open, so neither is the date
DATE_ALTERNATIVE = [
    "or", "or maybe", "or perhaps", "oder", "ou", "o", "of", "oppure", "lub", "albo", "nebo", "alebo", "eller",
    "или", "або", "veya", "ya da", "tai", "vagy", "sau", "atau", "또는", "或", "或者", "または", "か",
]

# Short unit words dateparser lists that are kept despite their length: Turkish "2 ay içinde"
UNIT_EXTRA = {
    "ay": "month",
    "týždňov": "week", "týždne": "week", "týždňa": "week", "dní": "day", "dňa": "day", "mesiacov": "month",
    "mesiace": "month", "mesiaca": "month",  # Slovak plural and genitive forms
    "हफ्ते": "week", "हफ़्ते": "week", "हफ्तों": "week", "हफ़्तों": "week", "दिन": "day", "दिनों": "day", "महीने": "month",
    "महीनों": "month",  # Hindi
}

# 'within' before a duration, which dateparser's 'in' words lack ("w ciągu 8 tygodni", "inom 30 dagar")
# (not Polish/Czech "do": English "we do 3 days of testing" would read as a deadline)
IN_WORDS_EXTRA = [
    "w ciągu", "w przeciągu",  # Polish
    "během",  # Czech
    "počas",  # Slovak
    "inom", "inden for", "innen", "innenfor",  # Swedish, Danish, Norwegian
    "în decurs de", "în termen de",  # Romanian
    "в течение", "в течении",  # Russian
]
POSTFIX_IN_EXTRA = ["kuluessa", "sisällä", "belül", "alatt",  # Finnish, Hungarian
                    "के अंदर", "के भीतर"]  # Hindi
# Hindi written in Latin letters: 'in' after a duration, read only after these units ("2 hafte mein"), since
# "mein" is German too
HINDI_LATIN_UNITS = {"hafte": "week", "hafton": "week", "hafta": "week", "din": "day", "dino": "day", "dinon": "day",
                     "mahine": "month", "mahino": "month", "mahinon": "month"}
HINDI_LATIN_IN = ["mein", "me", "ke andar", "ke bheetar", "baad"]

# A weekday after one of these is the next such day ("next Friday"); see reply_world for when it is ambiguous.
NEXT_BEFORE = [
    "next", "this coming", "coming",  # English
    "nächsten", "nächster", "nächstem", "kommenden", "kommender",  # German
    "próximo", "el próximo", "la próxima", "próxima",  # Spanish, Portuguese
    "prossimo", "il prossimo", "prossima", "la prossima",  # Italian
    "volgende", "aanstaande",  # Dutch
    "przyszły", "przyszłą", "przyszłym", "w przyszły", "w przyszłą", "następny", "następną", "w następny",
    "w następną", "najbliższy", "najbliższą", "w najbliższy", "w najbliższą",  # Polish
    "příští", "příští týden v", "budúci", "budúcu",  # Czech, Slovak
    "nästa", "kommande",  # Swedish
    "næste", "kommende",  # Danish
    "neste", "kommende",  # Norwegian
    "ensi",  # Finnish
    "gelecek", "önümüzdeki",  # Turkish
    "следующий", "следующую", "в следующий", "в следующую", "ближайший", "в ближайший", "в ближайшую",  # Russian
    "наступний", "наступну", "у наступний", "у наступну", "в наступну",  # Ukrainian
    "jövő", "jövő heti",  # Hungarian
    "viitoare",  # Romanian
]
NEXT_AFTER = [
    "prochain", "prochaine",  # French
    "que viene", "próximo", "próxima",  # Spanish
    "que vem",  # Portuguese
    "prossimo", "prossima",  # Italian
    "viitoare", "viitor",  # Romanian
    "depan", "mendatang",  # Indonesian
    "vinent",  # Catalan
]
LAST_BEFORE = [
    "last", "this past", "past",  # English
    "letzten", "letzter", "letztem", "vergangenen", "vergangener", "vorigen", "voriger",  # German
    "el pasado", "la pasada",  # Spanish
    "vorige", "afgelopen",  # Dutch
    "zeszły", "zeszłą", "w zeszły", "w zeszłą", "ostatni", "ostatnią", "w ostatni", "w ostatnią", "poprzedni",
    "poprzednią", "w poprzedni", "w poprzednią",  # Polish
    "minulý", "minulou", "minulá", "minulý týden v", "minulú",  # Czech, Slovak
    "förra", "i förra veckan på",  # Swedish
    "sidste", "forrige",  # Danish, Norwegian
    "viime",  # Finnish
    "geçen", "geçtiğimiz",  # Turkish
    "прошлый", "прошлую", "в прошлый", "в прошлую", "минулого", "минулий", "у минулу", "минулу",  # Russian, Ukrainian
    "múlt",  # Hungarian
]
LAST_AFTER = [
    "dernier", "dernière",  # French
    "pasado", "pasada",  # Spanish
    "passado", "passada",  # Portuguese
    "scorso", "scorsa",  # Italian
    "trecută", "trecut",  # Romanian
    "lalu", "kemarin",  # Indonesian
    "passat", "passada",  # Catalan
]
THIS_BEFORE = [
    "this",  # English
    "diesen", "diesem", "dieser",  # German
    "ce", "cette",  # French
    "este", "esta",  # Spanish, Portuguese
    "nesta", "neste",  # Portuguese
    "questo", "questa",  # Italian
    "deze",  # Dutch
    "w ten", "w tę", "ten", "tę",  # Polish
    "tento", "tuto",  # Czech
    "denna", "den här",  # Swedish
    "denne", "på",  # Danish, Norwegian ("på fredag" is this coming Friday)
    "bu",  # Turkish
    "в этот", "в эту", "этот", "эту",  # Russian
]
# Swedish, Danish, Norwegian "i fredags": the Friday just gone (weekday + s)
LAST_SCANDINAVIAN = ["i"]

# "next week" / "last week" / "this week" beside a weekday name ("Friday next week", "다음 주 금요일") pins the day
# in that week; dateparser's locale data adds each language's own words for the week itself.
NEXT_WEEK = [
    "next week", "week after this",  # English
    "nächste woche", "kommende woche",  # German
    "la semaine prochaine", "semaine prochaine",  # French
    "la semana que viene", "la próxima semana", "próxima semana", "semana que viene",  # Spanish
    "semana que vem", "na próxima semana", "próxima semana",  # Portuguese
    "la prossima settimana", "settimana prossima",  # Italian
    "volgende week",  # Dutch
    "w przyszłym tygodniu", "przyszłego tygodnia",  # Polish
    "příští týden", "budúci týždeň",  # Czech, Slovak
    "nästa vecka", "næste uge", "neste uke",  # Swedish, Danish, Norwegian
    "ensi viikolla", "ensi viikon",  # Finnish
    "gelecek hafta", "haftaya", "önümüzdeki hafta",  # Turkish
    "на следующей неделе", "следующей недели",  # Russian
    "다음 주", "다음주",  # Korean
    "下周", "下星期", "下礼拜", "下週",  # Chinese
    "来週",  # Japanese
]
LAST_WEEK = [
    "last week", "the week before",  # English
    "letzte woche", "vergangene woche", "vorige woche",  # German
    "la semaine dernière", "semaine dernière",  # French
    "la semana pasada", "semana pasada",  # Spanish
    "semana passada", "na semana passada",  # Portuguese
    "la settimana scorsa", "settimana scorsa",  # Italian
    "vorige week", "afgelopen week",  # Dutch
    "w zeszłym tygodniu", "w ubiegłym tygodniu",  # Polish
    "minulý týden", "minulý týždeň",  # Czech, Slovak
    "förra veckan", "sidste uge", "forrige uke",  # Swedish, Danish, Norwegian
    "viime viikolla",  # Finnish
    "geçen hafta",  # Turkish
    "на прошлой неделе",  # Russian
    "지난 주", "지난주",  # Korean
    "上周", "上星期", "上礼拜", "上週",  # Chinese
    "先週",  # Japanese
]
THIS_WEEK = [
    "this week",  # English
    "diese woche",  # German
    "cette semaine",  # French
    "esta semana", "desta semana", "dessa semana", "nesta semana",  # Spanish, Portuguese
    "questa settimana",  # Italian
    "deze week",  # Dutch
    "w tym tygodniu",  # Polish
    "tento týden",  # Czech
    "denna vecka", "den här veckan", "denne uge", "denne uken",  # Swedish, Danish, Norwegian
    "bu hafta",  # Turkish
    "на этой неделе",  # Russian
    "이번 주", "이번주",  # Korean
    "这周", "本周", "这个星期", "這週", "本週",  # Chinese
    "今週",  # Japanese
]
# Weekday names the locale data lacks in the form written beside "next"/"last" (Chinese 周五, Japanese 金曜)
WEEKDAY_EXTRA = {
    "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "周天": 6,
    "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6, "星期天": 6,
    "礼拜一": 0, "礼拜二": 1, "礼拜三": 2, "礼拜四": 3, "礼拜五": 4, "礼拜六": 5, "礼拜天": 6,
    "月曜": 0, "火曜": 1, "水曜": 2, "木曜": 3, "金曜": 4, "土曜": 5, "日曜": 6,
    "fridays": 4, "fredags": 4,
}

# A part of a month named in the world's languages ("do końca stycznia", "ocak sonu"): the end is its last day,
# the middle the 15th; the start, or "towards the end", is weeks and stays ambiguous.
MONTH_END_BEFORE = [
    "końca", "koniec", "końcem", "z końcem",  # Polish
    "konce", "konec", "koncem",  # Czech
    "konca", "koniec",  # Slovak
    "конца", "конец", "концу", "в конце",  # Russian
    "кінця", "кінець", "наприкінці",  # Ukrainian
    "slutet av", "utgången av", "slutten av", "utgangen av", "slutningen af", "udgangen af",  # Nordic
    "sfârșitul", "sfarsitul", "akhir",  # Romanian, Indonesian
    "نهاية", "في نهاية", "بنهاية", "حتى نهاية",  # Arabic
    "τέλος", "στο τέλος", "έως το τέλος",  # Greek
    "סוף", "עד סוף",  # Hebrew
    "अंत", "के अंत",  # Hindi
]
MONTH_END_AFTER = ["sonu", "sonuna", "sonunda", "sonuna kadar", "loppu", "loppuun", "lopussa", "végén", "végéig", "végére",
                   "vége", "के अंत तक", "के अंत"]
MONTH_MID_BEFORE = [
    "połowy", "połowie", "połowa", "w połowie", "do połowy",  # Polish
    "poloviny", "polovině", "polovina", "v polovině", "do poloviny",  # Czech
    "середины", "середине", "середина", "в середине", "до середины",  # Russian
    "mitten av", "midten af", "midten av", "mijlocul",  # Nordic, Romanian
    "a mitjans de", "mitjans de", "mitjan",  # Catalan
    "pertengahan",  # Indonesian, Malay
    "منتصف", "في منتصف", "بمنتصف",  # Arabic
    "μέσα", "στα μέσα",  # Greek
    "אמצע", "באמצע",  # Hebrew
    "मध्य",  # Hindi
]
MONTH_MID_AFTER = ["ortası", "ortasında", "ortasına kadar", "puolivälissä", "puoliväliin", "közepén", "közepéig", "közepe"]
MONTH_VAGUE_BEFORE = [
    "pod koniec", "początku", "początek", "na początku", "początkiem",  # Polish
    "začátku", "začátek", "začátkem", "koncem",  # Czech
    "начала", "начале", "начало", "в начале", "под конец", "ближе к концу",  # Russian
    "början av", "i början av", "starten af", "i starten af", "starten av", "begynnelsen av", "i begyndelsen af",  # Nordic
    "începutul", "awal",  # Romanian, Indonesian
    # Spanish and Catalan plural 'ends' ("a finales de enero", "a finals de gener") say late in the month: weeks
    "finales de", "a finales de", "fines de", "a fines de", "finals de", "a finals de", "finals",
    "principios de", "a principios de", "principis de", "a principis de", "començament de",  # Spanish, Catalan
    "أوائل", "أواخر", "بداية", "في بداية", "أول",  # Arabic
    "αρχές", "τέλη", "στις αρχές", "στα τέλη",  # Greek
    "תחילת", "בתחילת", "סוף חודש",  # Hebrew
    "शुरुआत",  # Hindi
]
MONTH_VAGUE_AFTER = ["başı", "başında", "başına", "alussa", "alkuun", "elején", "elejére", "folyamán", "aikana",
                     "eleje", "elejéig", "lopulla", "loppupuolella", "vége felé", "की शुरुआत", "के आसपास"]

# A fiscal year the reply defines: "our fiscal year starts on 1 October" (group m: the first month), or "... ends in
# June" (group e: the last month). {month} is replaced by every month name.
# A label may stand between the fiscal-year word and the verb ("fiscal year 2027 runs from", "Geschäftsjahr GJ 2027
# läuft vom"): {label} is replaced by it.
FISCAL_LABEL = r"(?:\s+(?:fy|gj|fiscal year|geschäftsjahr)?\s*'?(?:20)?\d\d)?"
FISCAL_START = [
    r"(?:fiscal|financial|budget) year{label} (?:starts|begins|runs from|kicks off|starting|beginning|started|began)\s+"
    r"(?:on |in )?(?:the )?(?:1(?:st)? |first )?(?:of )?(?P<m>{month})",
    r"\bfy{label} (?:starts|begins|runs from)\s+(?:on |in )?(?:the )?(?:1(?:st)? |first )?(?:of )?(?P<m>{month})",
    r"(?:geschäftsjahr|wirtschaftsjahr){label} (?:beginnt|startet|läuft ab|läuft vom|läuft von|geht vom|reicht vom)\s+"
    r"(?:am |im |zum )?(?:1\.\s*)?(?P<m>{month})",  # German
    r"(?:exercice|année fiscale)(?: fiscal)? (?:commence|débute)\s+(?:le |en |au )?(?:1er |premier )?(?P<m>{month})",  # French
    r"(?:año|ejercicio) fiscal (?:empieza|comienza|arranca)\s+(?:el |en )?(?:1 de |primero de )?(?P<m>{month})",  # Spanish
    r"ano fiscal (?:começa|inicia)\s+(?:em |no dia )?(?:1(?:º)? de )?(?P<m>{month})",  # Portuguese
    r"anno fiscale (?:inizia|comincia)\s+(?:il |a |ad |in )?(?:1(?:°)? |primo )?(?P<m>{month})",  # Italian
    r"boekjaar (?:begint|start)\s+(?:op |in )?(?:1 )?(?P<m>{month})",  # Dutch
    r"rok (?:obrotowy|finansowy|podatkowy) (?:zaczyna się|rozpoczyna się)\s+(?:od |w )?(?:1\. ?)?(?P<m>{month})",  # Polish
]
# "our FY runs July-June", "(we run April to March)": the first month of the span
FISCAL_SPAN = [
    r"\b(?:fiscal year|financial year|fy|we|our year)\s+(?:runs?|goes|is)\s+(?:from\s+)?(?P<m>{month})\s*(?:-|–|to|through|until)\s*(?:{month})\b",
]
FISCAL_END = [
    r"(?:fiscal|financial) year (?:ends|closes|runs through|runs to|ending)\s+(?:on |in )?(?:the )?(?:\d{1,2}(?:st|nd|rd|th)? )?"
    r"(?:of )?(?P<e>{month})",
    r"\bfy (?:ends|closes)\s+(?:on |in )?(?:the )?(?:\d{1,2}(?:st|nd|rd|th)? )?(?:of )?(?P<e>{month})",
    r"(?:geschäftsjahr|wirtschaftsjahr){label} endet\s+(?:am |im )?(?:\d{1,2}\. )?(?P<e>{month})",  # German
    r"pénzügyi év\w*\s+(?P<e>{month})\s+\d{1,2}\S*\s+(?:zárul|ér véget|végződik)",  # Hungarian
]
# A fiscal year defined with its label and the calendar year it starts in ("fiscal year 2027 runs from 1 February
# 2027", "FY27 starts on 1 July 2026"): group fy is the label's year, m the first month, sy the calendar year.
FISCAL_LABELLED_START = [
    r"(?:fiscal year|financial year|fy|geschäftsjahr(?:\s+gj)?|gj)\s*'?(?P<fy>(?:20)?\d\d)\s+"
    r"(?:starts|begins|runs|runs from|started|began|beginnt|läuft|läuft vom|läuft von|geht vom)\s+"
    r"(?:on |in |from |vom |am |im )?(?:the )?(?:1(?:st|\.)?\s*|first )?(?:of )?(?P<m>{month})\s+(?P<sy>20\d\d)",
]
# A quarter of the customer's own fiscal year (named group q, digits; qo, an English ordinal)
FISCAL_QUARTER = [
    r"\bfiscal (?:year )?q(?P<q>[1-4])\b",
    r"\bf(?:y|iscal)? ?q(?P<q>[1-4])\b",
    r"\b(?:fy|fiscal year) ?'?(?P<fy>(?:20)?\d\d) ?q(?P<q>[1-4])\b",  # "FY27 Q2": group fy is the label's year
    r"\bq(?P<q>[1-4]) (?:of )?(?:our |the |their )?(?:fiscal|financial|fy)\b",
    r"\b(?P<qo>first|second|third|fourth|last) (?:fiscal|financial) quarter\b",
    r"\b(?P<qo>first|second|third|fourth|last) quarter of (?:our |the )?(?:fiscal|financial) year\b",
    r"\bq(?P<q>[1-4]) (?:des|unseres) geschäftsjahr(?:es|s)\b",  # German
    r"\bq(?P<q>[1-4]) (?:de notre|de l'|du) (?:exercice|année fiscale)\b",  # French
    r"\bq(?P<q>[1-4]) (?:de nuestro|del) (?:año|ejercicio) fiscal\b",  # Spanish
    r"\bq(?P<q>[1-4]) do (?:nosso )?ano fiscal\b",  # Portuguese
    # German "des dritten Quartals dieses Geschäftsjahres"
    r"\b(?P<qo>ersten|zweiten|dritten|vierten|letzten) quartals? (?:dieses|unseres|des|im) (?:laufenden )?geschäftsjahr(?:es|s)?\b",
    # a quarter of a labelled fiscal year ("Q1 of FY27", "FY2027 Q3"): group fy is the label's year
    r"\bq(?P<q>[1-4]) (?:of )?(?:fy|fiscal year|financial year) ?'?(?P<fy>(?:20)?\d\d)\b",
]
FISCAL_QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4,
                           "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "letzten": 4}
# The end of the customer's fiscal year ("by the end of our fiscal year", "before FY end")
FISCAL_YEAR_END = [
    r"\b(?:end of|before|by) (?:our |the |this )?(?:fiscal|financial) year\b",
    r"\bfiscal year[- ]end\b", r"\bfy[- ]end\b", r"\bend of (?:our |the |this )?fy\b",
    r"\bende (?:unseres|des) geschäftsjahr(?:es|s)\b",  # German
    r"\bfin (?:de notre|de l'|d'|du) (?:exercice|année fiscale)\b",  # French
    r"\bfin(?:al)? (?:de nuestro|del) (?:año|ejercicio) fiscal\b",  # Spanish
    r"\bpénzügyi év(?:ünk|ük)? vég\w*",  # Hungarian
]

# A 'not decided' that speaks of the date, not the level ("Date TBD", "Termin offen")
DATE_TOPIC = [
    r"\b(?:date|dates|timeline|timing|when|deadline|schedule|cutover|go-live)\b",  # English
    r"\b(?:datum|termin|zeitpunkt|wann|zeitplan)\b",  # German
    r"\b(?:la date|quand|calendrier)\b", r"\b(?:fecha|cuándo|cuando|plazo)\b", r"\b(?:a data|quando|prazo)\b",
    r"\b(?:datum|wanneer|planning)\b", r"\b(?:kiedy|termin)\b", r"\b(?:datum|kdy|termín)\b",
    "日付", "日程", "時期", "移行日", "切替日", "期限", "날짜", "일정", "목표일", "전환일", "时间", "日期", "截止",
]

# A day said with one of these is a rough or a lower bound, not the day: "around 18 January", "w/c 18 January"
APPROX_BEFORE = [
    "around", "about", "approximately", "approx.", "approx", "roughly", "circa", "ca.", "~", "on or around",
    "on or about", "on or after", "no earlier than", "not before", "not earlier than", "earliest", "at the earliest",
    "after", "w/c", "wc", "week commencing", "week beginning", "week starting", "the week of",  # English
    "etwa", "ungefähr", "circa", "ca.", "frühestens", "nicht vor", "nach dem", "die woche vom",  # German
    "vers le", "environ", "aux alentours du", "autour du", "pas avant le", "au plus tôt le", "après le",  # French
    "alrededor del", "hacia el", "aproximadamente", "no antes del", "después del",  # Spanish
    "por volta de", "cerca de", "aproximadamente", "não antes de", "depois de",  # Portuguese
    "intorno al", "verso il", "circa il", "non prima del", "dopo il",  # Italian
    "rond", "omstreeks", "ongeveer", "niet voor",  # Dutch
    "około", "ok.", "koło", "nie wcześniej niż", "po",  # Polish
    "kolem", "přibližně", "zhruba", "nejdříve",  # Czech
    "runt", "omkring", "cirka", "tidigast", "tidligst",  # Nordic
    "примерно", "около", "не раньше",  # Russian
]
APPROX_AFTER = [
    "or so", "or thereabouts", "give or take", "at the earliest", "or later", "or after",  # English
    "or two", "or three", "or four", "or 2", "or 3", "or 4", "to two", "to three", "or more",  # "in a month or two"
    "oder so", "frühestens", "ou plus tard", "o después", "ou depois", "o più tardi", "of later",
    "civarı", "civarında", "gibi", "tienoilla", "paikkeilla", "körül", "táján",  # Turkish, Finnish, Hungarian
    "쯤", "경", "께", "左右", "前後", "頃", "ごろ", "以降", "以后", "之后", "이후",  # Korean, Chinese, Japanese
]

# In a ticket, a tier beside one of these is the one to have on the new offering ("we'll stay on Ultimate there",
# "restiamo su Ultimate", "Premium으로 구매할 예정"), on top of the detector's intent words
TICKET_LEVEL_INTENT = [
    r"\b(?:keep|keeping|stay|staying|remain|remaining|stick|sticking|continue|continuing)\b",  # English
    r"\b(?:will|'ll|going to|plan to|intend to) (?:take|buy|get|have|purchase|go with|go for|be on|use)\b",
    r"\b(?:going|go) (?:with|for)\b", r"\bwe(?:'re| are) (?:taking|buying|getting)\b", r"\bi\.e\.",
    r"\b(?:bleiben|behalten|nehmen|kaufen|buchen|weiterhin)\b",  # German
    r"\b(?:rest(?:ons|erons|er)|gard(?:ons|erons|er)|prendr(?:ons|e)|toujours)\b",  # French
    r"\b(?:seguiremos|seguimos|quedamos|mantendremos|compraremos|tomaremos|vamos con|como siempre)\b",  # Spanish
    r"\b(?:ficaremos|vamos ficar|manteremos|vamos de|vamos comprar|continuaremos)\b",  # Portuguese
    r"\b(?:restiamo|resteremo|manteniamo|manterremo|prenderemo|passeremo)\b",  # Italian
    r"\b(?:blijven|houden|nemen|gaan we voor|kopen)\b",  # Dutch
    r"\b(?:zostajemy|zostaniemy|bierzemy|kupimy|wykupimy|pozostajemy)\b",  # Polish
    r"\b(?:zůstaneme|zůstáváme|bereme|koupíme)\b",  # Czech
    r"\b(?:otamme|pysymme|ostamme|behåller|stannar|tar vi|beholder|bliver)\b",  # Finnish, Nordic
    r"\b(?:alacağız|kalacağız|devam edeceğiz)\b",  # Turkish
    r"\b(?:остаёмся|остаемся|останемся|берём|берем|купим)\b",  # Russian
    "구매할 예정", "구매 예정", "유지", "으로 진행", "購入予定", "で契約", "継続", "のまま", "购买", "继续使用", "保持",
]

# "will stay on Ultimate" in a ticket about a move names the tier on the new side, though "stay on" alone reads as
# today's tier
TICKET_FUTURE_STAY = [
    r"\b(?:will|'ll|going to|plan to|want to|would like to) (?:stay|remain|keep|stick|continue)\b",  # English
    r"\b(?:resteremo|resterons|seguiremos|ficaremos|manteremos|zostaniemy|zůstaneme|kalacağız|останемся)\b",
]

# A tier said as a maybe for later is not the one to buy now ("Premium for now, we might go Ultimate next year")
HEDGED_TIER = [
    r"\b(?:might|may|maybe|perhaps|possibly|eventually|later|someday|next year|in the future|down the road)\b",  # English
    r"\b(?:vielleicht|eventuell|später|irgendwann|nächstes jahr)\b",  # German
    r"\b(?:peut-être|éventuellement|plus tard|l'an prochain|l'année prochaine)\b",  # French
    r"\b(?:quizás|quizá|tal vez|más adelante|el año que viene|el próximo año)\b",  # Spanish
    r"\b(?:talvez|mais tarde|futuramente|no ano que vem|ano que vem)\b",  # Portuguese
    r"\b(?:forse|più avanti|in futuro|l'anno prossimo)\b",  # Italian
    r"\b(?:misschien|later|volgend jaar)\b",  # Dutch
    r"\b(?:może|później|w przyszłym roku)\b",  # Polish
]
# "Silver → Gold", "Premium -> Ultimate": the tier before the arrow is left
TIER_ARROW = r"\s*(?:→|->|=>|⇒|—>|➔|➜)\s*"

# The end of a half year ("end of H1 2027", "by the end of the first half"): 30 June or 31 December
HALF_END = [
    r"\b(?:end of|by the end of|before the end of|until the end of) (?:the )?(?P<h>first|1st|second|2nd) half(?: of)?(?: the year)?(?:\s+(?:of\s+)?(?P<y>20\d\d))?\b",
    r"\b(?:end of|by the end of|before the end of) (?P<hh>h[12])(?:\s*(?P<y2>20\d\d))?\b",
    r"\b(?:ende|bis ende) (?:des )?(?P<hg>ersten|zweiten) halbjahr(?:es|s)?(?:\s+(?P<y3>20\d\d))?\b",  # German
]

# Words that withdraw what was just said: the level or date after them replaces the one before.
CORRECTION = [
    r"\bactually\b", r"\bscratch that\b", r"\bi meant\b", r"\bi mean\b", r"\bcorrection\b", r"\bmake that\b",
    r"\btypo\b", r"\bon second thought\b", r"\bchange of plans?\b", r"\bwait\b", r"\bno,? sorry\b",  # English
    # a bare 'no' that answers the writer's own question or opens a retraction ("2026-12-01? No - 2026-12-08")
    r"\?\s*(?:no|nein|non|não|nie|ne|nej|nee|hayır|нет)\b", r"(?:^|[.;!]\s*)(?:no|nein|non|não|nie|nej|nee)\s*[-–—:]",
    r"\bkorrektur\b", r"\bich meinte\b", r"\bbesser gesagt\b", r"\bvertippt\b",  # German
    r"\bje voulais dire\b", r"\bcorrection\b", r"\bfinalement\b", r"\ben fait\b",  # French
    r"\bquise decir\b", r"\bmejor dicho\b", r"\bcorrijo\b", r"\ben realidad\b",  # Spanish
    r"\bquis dizer\b", r"\bcorrigindo\b", r"\baliás\b", r"\bna verdade\b",  # Portuguese
    r"\bintendevo\b", r"\bcorreggo\b", r"\banzi\b", r"\bin realtà\b",  # Italian
    r"\bik bedoelde\b", r"\bcorrectie\b", r"\bbeter gezegd\b",  # Dutch
    r"\bpoprawka\b", r"\bmiałem na myśli\b", r"\bmiałam na myśli\b", r"\bwłaściwie\b",  # Polish
    r"\boprava\b", r"\bmyslel jsem\b",  # Czech
    r"\bjag menade\b", r"\brättelse\b", r"\bjeg mente\b", r"\brettelse\b",  # Swedish, Danish, Norwegian
    r"\bdüzeltme\b", r"\baslında\b",  # Turkish
    r"\bисправление\b", r"\bточнее\b", r"\bя имел в виду\b",  # Russian
    "정정", "아니 ", "更正", "更正一下", "说错了", "訂正", "間違えました",  # Korean, Chinese, Japanese
]

# The highest / lowest tier named without its name: used when no tier is named and no step up or down is asked.
TOP_TIER = [
    r"\b(?:the )?(?:top|highest|biggest|best|most expensive|premier|max(?:imum)?) (?:tier|level|plan|package|support level|subscription|option)\b",
    r"\b(?:tier|level|plan) at the top\b", r"\btop[- ]of[- ](?:the[- ])?(?:line|range)\b",  # English
    r"\bhöchste[nr]? (?:stufe|level|plan|tarif|paket|support-stufe)\b", r"\bdas top-paket\b",  # German
    r"\b(?:le )?(?:niveau|palier|plan|forfait|offre) (?:le )?plus (?:élevé|haut)\b", r"\ble plus haut niveau\b",  # French
    r"\b(?:el )?(?:nivel|plan|paquete) más alto\b", r"\bel (?:máximo|mayor) nivel\b", r"\bel nivel máximo\b",  # Spanish
    r"\b(?:o )?(?:nível|plano|pacote) mais alto\b", r"\bo nível máximo\b", r"\btopo de linha\b",  # Portuguese
    r"\b(?:il )?(?:livello|piano|pacchetto) più alto\b", r"\bil livello massimo\b",  # Italian
    r"\bhet hoogste (?:niveau|plan|pakket|abonnement)\b",  # Dutch
    r"\bnajwyższ(?:y|ego|ym|ą) (?:poziom\w*|plan\w*|pakiet\w*|pozio\w*)\b",  # Polish
    r"\bnejvyšší (?:úroveň|úrovni|plán|tarif)\b",  # Czech
    r"\bhögsta (?:nivån|nivå|planen)\b", r"\bhøjeste (?:niveau|plan)\b", r"\bhøyeste (?:nivå|plan)\b",  # Nordic
    r"\bylin (?:taso|tasoa|paketti)\b",  # Finnish
    r"\ben üst (?:seviye\w*|paket\w*|plan\w*|kademe\w*)\b", r"\ben yüksek (?:seviye\w*|paket\w*|plan\w*)\b",  # Turkish
    r"\bсамый (?:высокий|старший) (?:уровень|тариф|план)\b", r"\bмаксимальный (?:уровень|тариф|план)\b",  # Russian
    "최상위", "가장 높은 등급", "가장 높은 티어", "最高级别", "最高等级", "最高级的", "最高档", "最上位", "最上級",  # Korean, Chinese, Japanese
    "최고 ?(?:등급|레벨|티어|플랜)", "最高(?:級別|等級|的级别|的等级|方案|套餐)",  # Korean, Chinese
    r"\b(?:gói|cấp|hạng|mức) (?:cao nhất|cao cấp nhất)", r"\b(?:paket|tingkat|level|pakej) (?:tertinggi|paling tinggi)\b",  # Vietnamese, Indonesian, Malay
    r"\blegmagasabb (?:szint|csomag)\w*", r"\bcel mai (?:înalt|mare|sus) nivel\b", r"\bnivelul cel mai (?:înalt|mare)\b",  # Hungarian, Romanian
    r"(?:το )?(?:υψηλότερο|ανώτερο|ανώτατο) (?:επίπεδο|πακέτο)", r"(?:הרמה|החבילה|המסלול) הגבוה(?:ה)? ביותר",  # Greek, Hebrew
    "सबसे (?:ऊँचा|ऊंचा|ऊपर का|उच्च) (?:स्तर|प्लान)", "(?:المستوى|الباقة|الفئة) (?:الأعلى|الأعلى مستوى)", "أعلى (?:مستوى|باقة|فئة)",  # Hindi, Arabic
    "(?:ระดับ|แพ็กเกจ)สูงสุด",  # Thai
]
MIDDLE_TIER = [
    r"\b(?:the )?(?:middle|mid|medium|intermediate)[- ](?:tier|level|plan|package|option)\b", r"\bthe one in the middle\b",
    r"\bmittlere[nrs]? (?:stufe|level|plan|paket|tarif)\b", r"\b(?:le )?(?:niveau|plan|forfait) (?:intermédiaire|du milieu)\b",
    r"\b(?:el )?(?:nivel|plan) (?:intermedio|medio)\b", r"\b(?:o )?(?:nível|plano) (?:intermediário|intermédio|do meio)\b",
    r"\b(?:il )?(?:livello|piano) (?:intermedio|di mezzo)\b", r"\bhet middelste (?:niveau|plan|pakket)\b",
    r"\bśrodkow(?:y|ego|ym) (?:poziom\w*|plan\w*|pakiet\w*)\b", r"\bprostřední (?:úroveň|plán|tarif)\b",
    r"\bmellersta (?:nivån|nivå)\b", r"\bmellemste (?:niveau|plan)\b", r"\bkeskimmäinen (?:taso)\b", r"\borta (?:seviye|paket)\w*",
    r"\bсредн(?:ий|его|ем) (?:уровень|уровня|тариф|план)\b", r"\b(?:gói|cấp) (?:ở giữa|trung bình)", r"\b(?:paket|tingkat) (?:menengah|tengah)\b",
    "중간 (등급|티어|플랜)", "中间(级别|等级|档)", "中位プラン", "真ん中のプラン",
]
# A tier named after these is the one they leave or refuse ("not Ultimate", "dropping Gold", "instead of Premium")
NOT_THIS_TIER = [
    r"not", r"never", r"instead of", r"rather than", r"drop", r"dropping", r"leave", r"leaving", r"away from",
    r"(?:moving|switching|upgrading|downgrading|going|migrating|stepping (?:up|down)) from", r"from",  # English
    r"nicht", r"kein(?:e|en)?", r"statt", r"anstatt", r"anstelle von", r"weg von",  # German
    r"pas", r"plutôt que", r"au lieu de",  # French
    r"en vez de", r"en lugar de", r"no es", r"no queremos", r"dejamos",  # Spanish
    r"não", r"em vez de", r"deixamos",  # Portuguese
    r"invece di", r"non",  # Italian
    r"niet", r"geen", r"in plaats van",  # Dutch
    r"nie", r"zamiast",  # Polish
    r"ne", r"místo",  # Czech
    r"(?:don'?t|do not|doesn'?t|won'?t) (?:need|want|require)(?: all(?: of)?| everything| anything| the whole)?(?: that)?",  # English
    r"(?:no necesitamos|não precisamos d[eao]|nie potrzebujemy|n'avons pas besoin d[eu]|brauchen (?:kein\w*|nicht))(?: todo| tudo| wszystkiego| tout)?",
    r"inte", r"istället för", r"ikke", r"i stedet for",  # Nordic
    r"не", r"вместо",  # Russian
]
BOTTOM_TIER = [
    r"\b(?:the )?(?:lowest|cheapest|smallest|entry[- ]level|most basic) (?:tier|level|plan|package|support level|subscription|option)\b",
    r"\bniedrigste[nr]? (?:stufe|level|plan|tarif|paket)\b", r"\bgünstigste[nr]? (?:stufe|plan|tarif|paket)\b",  # German
    r"\b(?:le )?(?:niveau|plan|forfait|offre) (?:le )?plus (?:bas|basique)\b",  # French
    r"\b(?:el )?(?:nivel|plan|paquete) más (?:bajo|básico|barato)\b",  # Spanish
    r"\b(?:o )?(?:nível|plano|pacote) mais (?:baixo|básico|barato)\b",  # Portuguese
    r"\b(?:il )?(?:livello|piano|pacchetto) più (?:basso|economico)\b",  # Italian
    r"\bhet laagste (?:niveau|plan|pakket)\b",  # Dutch
    r"\bnajniższ(?:y|ego|ym|ą) (?:poziom\w*|plan\w*|pakiet\w*)\b",  # Polish
    r"\ben (?:alt|düşük) (?:seviye\w*|paket\w*|plan\w*)\b",  # Turkish
    "최하위", "가장 낮은 등급", "最低级别", "最低档", "最下位",  # Korean, Chinese, Japanese
    "최저 ?(?:등급|레벨|티어|플랜)", "最低(?:級別|等級|的级别|方案|套餐)",  # Korean, Chinese
    r"\b(?:gói|cấp|hạng) thấp nhất", r"\b(?:paket|tingkat|level|pakej) (?:terendah|paling rendah|termurah)\b",  # Vietnamese, Indonesian
    r"\blegalacsonyabb (?:szint|csomag)\w*", r"\bcel mai (?:de jos|mic) nivel\b", r"(?:το )?χαμηλότερο (?:επίπεδο|πακέτο)",
    "सबसे (?:निचला|नीचे का|सस्ता) (?:स्तर|प्लान)", "أدنى (?:مستوى|باقة|فئة)", "(?:ระดับ|แพ็กเกจ)ต่ำสุด",
]

# Quoted history that the shared splitter does not know yet: everything from such a line on is an older message.
# "<name> wrote:" in other languages
QUOTE_WROTE = [
    "wrote", "schrieb", "a écrit", "escribió", "escreveu", "ha scritto", "scrisse", "schreef", "napisał", "napisała",
    "napsal", "napsala", "skrev", "kirjoitti", "написал", "написала", "писал", "yazdı", "írta", "a scris",
    "작성", "寫道", "写道", "のメッセージ",
]
# the separator lines of forwarded or quoted mail
QUOTE_SEPARATOR = [
    r"-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|mensagem original"
    r"|messaggio originale|oorspronkelijk bericht|oryginalna wiadomość|původní zpráva|ursprungligt meddelande"
    r"|oprindelig meddelelse|opprinnelig melding|alkuperäinen viesti|исходное сообщение|orijinal ileti"
    r"|forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{2,}",
    r"_{10,}",
]
# "From:" header fields of quoted mail, when a "Sent:"-like field follows within three lines
QUOTE_FROM = ["from", "von", "de", "od", "från", "fra", "van", "da", "от", "kimden", "lähettäjä", "feladó", "보낸 사람",
              "发件人", "寄件者", "差出人"]
# (not "Date:": "From: Premium / To: Ultimate / Date: …" is an answer, not a header)
QUOTE_SENT = ["sent", "gesendet", "envoyé", "enviado", "inviato", "wysłano", "odesláno", "skickat", "sendt",
              "verzonden", "отправлено", "gönderildi", "lähetetty", "elküldve", "보낸 날짜", "发送时间", "傳送時間",
              "送信日時"]

# A tier name followed by one of these is an everyday word ("our ultimate goal", "the gold standard", "a silver
# lining", "the starter project", "premium runners"), not a support level
TIER_WORD_IDIOMS = [
    "goal", "goals", "aim", "objective", "purpose", "test", "decision", "question", "solution", "responsibility",
    "standard", "standards", "lining", "bullet", "medal", "medals", "star", "mine", "rush", "age", "partner",
    "kit", "kits", "pack", "packs", "project", "projects", "template", "templates", "guide", "task", "tasks",
    "runner", "runners", "price", "prices", "pricing", "quality", "hardware", "storage", "bandwidth", "customers",
    "ziel", "standard", "qualität", "objectif", "but", "objetivo", "meta", "obiettivo", "doel", "cel",
]

# A tier in the same part of a sentence as one of these (and no word of buying or keeping) is today's tier, which
# the tier to buy on the new offering overrides ("Obecnie mamy Premium, na GitLab.com kupimy Ultimate")
CURRENT_TIER = [
    r"\b(?:today|currently|at the moment|at present|right now|we(?:'re| are) on|we have)\b",  # English ("for now" is no "today")
    r"\b(?:aktuell|derzeit|zurzeit|momentan|jetzt|heute|bisher|haben wir)\b",  # German
    r"\b(?:actuellement|aujourd'hui|en ce moment|nous avons)\b",  # French
    r"\b(?:actualmente|hoy|ahora|tenemos)\b",  # Spanish
    r"\b(?:hoje|atualmente|agora|temos)\b",  # Portuguese
    r"\b(?:attualmente|oggi|adesso|abbiamo)\b",  # Italian
    r"\b(?:nu|momenteel|vandaag|op dit moment|hebben we)\b",  # Dutch
    r"\b(?:obecnie|teraz|dziś|dzisiaj|aktualnie|mamy)\b",  # Polish
    r"\b(?:nyní|teď|dnes|momentálně|aktuálně|máme)\b",  # Czech
    r"\b(?:i dag|idag|för närvarande|har vi|vi har)\b",  # Swedish, Danish, Norwegian
    r"\b(?:şu an|şu anda|şimdi|bugün|kullanıyoruz)\b",  # Turkish
    r"\b(?:сейчас|сегодня|в настоящее время|у нас)\b",  # Russian
    "지금", "현재", "现在", "目前", "当前", "現在", "今は",  # Korean, Chinese, Japanese
]

# "Same tier as today" in words no fixed phrase lists: a word for 'same' a few words before a word for the level or
# for 'now' ("o mesmo de hoje", "na stejné úrovni", "和现在相同的级别", "वही स्तर"), or 'as' right before 'now'
# ("taki jak teraz", "som idag"). Words of spaced scripts match whole words; CJK, Korean and Thai ones anywhere.
SAME_WORDS = [
    "same", "the same", "mesmo", "mesma", "mismo", "misma", "même", "gleiche", "gleichen", "gleicher", "selbe", "selben",
    "dieselbe", "denselben", "stesso", "stessa", "zelfde", "hetzelfde", "ten sam", "taki sam", "ten sam co",
    "tego samego", "tym samym", "stejné", "stejná", "stejnou", "stejný", "stejném", "rovnaké", "rovnakú", "rovnakej",
    "samma", "samme", "samaa", "saman", "samalla", "samassa", "giữ nguyên", "y nguyên", "aynı", "тот же", "та же", "тот же самый", "такой же", "такую же",
    "том же", "той самий", "такий самий", "тому ж", "ugyanaz", "ugyanazt", "ugyanazon", "ugyanolyan", "același",
    "aceeași", "aceleași", "ίδιο", "ίδια", "το ίδιο", "אותה", "אותו", "זהה", "sama", "yang sama", "giống", "giống như",
    "वही", "समान", "نفس", "ذات",
    "同じ", "相同", "一样", "一樣", "同样", "同樣", "같은", "동일한", "동일", "เดิม", "เหมือนเดิม",
]
AS_WORDS = [
    "as", "like", "wie", "comme", "como", "come", "als", "zoals", "jak", "jako", "som", "kuten", "как", "як", "seperti",
    "như", "mint", "ca", "όπως", "כמו", "جيسा", "जैसा", "जैसे", "مثل", "كما",
]
NOW_WORDS = [
    "now", "today", "currently", "hoje", "agora", "hoy", "ahora", "aujourd'hui", "maintenant", "actuellement", "heute",
    "jetzt", "derzeit", "oggi", "ora", "adesso", "nu", "vandaag", "teraz", "obecnie", "dziś", "dzisiaj", "teď",
    "nyní", "dnes", "idag", "i dag", "nyt", "nykyään", "tänään", "şu an", "şimdi", "bugün", "сейчас", "сегодня",
    "зараз", "сьогодні", "sekarang", "saat ini", "hari ini", "hiện tại", "bây giờ", "hôm nay", "most", "acum", "azi",
    "astăzi", "τώρα", "σήμερα", "היום", "עכשיו", "अभी", "आज", "الآن", "اليوم", "حاليا",
    "现在", "目前", "現在", "今", "지금", "현재", "오늘", "ตอนนี้", "ปัจจุบัน",
]
LEVEL_NOUNS = [
    "level", "tier", "plan", "support level", "nível", "nivel", "niveau", "stufe", "livello", "úroveň", "úrovni",
    "úrovně", "poziom", "poziomie", "poziomu", "úroveň podpory", "nivå", "nivån", "nivået", "taso", "tasoa", "tasolla",
    "tason", "seviye", "seviyede", "seviyeyi", "уровень", "уровне", "уровня", "рівень", "рівні", "tingkat", "paket", "cấp",
    "gói", "hạng", "szint", "szintet", "szinten", "nivelul", "επίπεδο", "רמה", "רמת", "स्तर", "مستوى", "المستوى",
    "باقة", "级别", "級別", "等级", "等級", "方案", "套餐", "등급", "레벨", "티어", "플랜", "ระดับ", "แพ็กเกจ",
]
# 'one tier up' said with a level noun and a word for above ("le niveau juste au-dessus", "升一級")
UP_WORDS = [
    "au-dessus", "au dessus", "supérieur", "above", "higher", "up", "über", "höher", "darüber", "superior", "acima",
    "arriba", "por encima", "sopra", "superiore", "hoger", "wyżej", "výš", "vyšší", "högre", "højere", "høyere",
    "ylempi", "ylemmän", "yukarı", "üst", "выше", "вище", "lebih tinggi", "di atas", "cao hơn", "feljebb",
    "magasabb", "mai sus", "ανώτερο", "υψηλότερο", "מעל", "גבוהה יותר", "ऊपर", "أعلى",
]
# 'one' before a word for 'above' ("uno por encima del actual", "one above what we have", "um acima")
ONE_WORDS = ["one", "uno", "una", "um", "uma", "un", "une", "eine", "einen", "jeden", "jedna", "één", "een", "en", "ett",
             "et", "yksi", "bir", "один", "одну", "один рівень", "satu", "một", "egy", "unu", "ένα"]
LEVEL_UP_GENERAL = [
    r"(?:升|高|上|往上)\s*一\s*(?:级|級|档|檔|个等级|個等級)",  # Chinese, simplified and traditional
    r"한\s*(?:단계|등급)\s*(?:위|높|상향|올)",  # Korean
]

# The end (or middle) of this/next month or year in the world's languages: these words before, or END_AFTER/MID
# words after, one of dateparser's own phrases for 'this month', 'next month', 'this year', 'next year'
# ("innen utgangen av neste måned", "akhir tahun ini", "สิ้นเดือนหน้า", "इस साल के अंत तक").
PERIOD_END_BEFORE = [
    "end of", "by the end of", "ende", "fin de", "fin", "final de", "fim de", "eind", "einde", "fine",
    "utgangen av", "innen utgangen av", "slutten av", "udgangen af", "slutningen af", "slutet av", "utgången av",
    "końca", "koniec", "konce", "konec", "konca", "конца", "конец", "кінця", "sfârșitul", "akhir", "cuối",
    "نهاية", "حتى نهاية", "بنهاية", "τέλος", "סוף", "עד סוף", "สิ้น", "ปลาย", "ภายในสิ้น",
]
PERIOD_MID_BEFORE = ["mid", "mitte", "mediados", "meados", "połowy", "poloviny", "середины", "midten av",
                     "midten af", "mitten av", "pertengahan", "giữa", "منتصف", "μέσα", "אמצע", "กลาง"]
# period phrases dateparser lacks, by period (this_month, next_month, this_year, next_year)
PERIOD_EXTRA = {
    "अगले महीने": "next_month", "इस महीने": "this_month", "अगले साल": "next_year", "इस साल": "this_year",  # Hindi
    "nächsten monats": "next_month", "kommenden monats": "next_month", "dieses monats": "this_month",  # German
    "du mois prochain": "next_month", "del mes que viene": "next_month", "del próximo mes": "next_month",
    "do próximo mês": "next_month", "do mês que vem": "next_month", "del prossimo mese": "next_month",
}
PERIOD_END_AFTER = ["sonu", "sonuna", "sonunda", "sonuna kadar", "loppuun", "lopussa", "végén", "végéig", "végére",
                    "के अंत तक", "के अंत में", "के अंत", "말", "末", "底"]

# Quarters in the world's languages (the core languages have their own patterns): a quarter noun with an ordinal
# (a word here, a digit or a Roman numeral), or with a word for 'this' / 'next'.
QUARTER_NOUNS = [
    "kwartał", "kwartału", "kwartale", "čtvrtletí", "kvartál", "kvartálu", "štvrťrok", "štvrťroku", "kvartal",
    "kvartalet", "kvartalen", "neljännes", "neljänneksen", "neljänneksellä", "vuosineljännes", "vuosineljänneksen",
    "çeyrek", "çeyreği", "çeyreğin", "çeyreğinde", "çeyreğinin", "квартал", "квартала", "квартале", "кварталу",
    "negyedév", "negyedéve", "negyedévben", "negyedévének", "negyedévig", "trimestrul", "trimestru", "trimestrului",
    "τρίμηνο", "τριμήνου", "רבעון", "הרבעון", "الربع", "ربع", "ไตรมาส", "kuartal", "triwulan", "suku tahun",
    "suku", "quý", "तिमाही",
]
QUARTER_ORDINAL_WORDS = {
    "pierwszy": 1, "pierwszego": 1, "pierwszym": 1, "drugi": 2, "drugiego": 2, "drugim": 2, "trzeci": 3,
    "trzeciego": 3, "trzecim": 3, "czwarty": 4, "czwartego": 4, "czwartym": 4,  # Polish
    "první": 1, "prvního": 1, "prvním": 1, "druhém": 2, "třetím": 3, "čtvrtém": 4, "druhé": 2, "druhý": 2, "druhého": 2, "třetí": 3, "třetího": 3, "čtvrté": 4,
    "čtvrtý": 4, "čtvrtého": 4, "prvý": 1, "prvého": 1, "prvom": 1, "tretí": 3, "tretieho": 3, "štvrtý": 4,
    "štvrtého": 4,  # Czech, Slovak
    "första": 1, "første": 1, "andra": 2, "andre": 2, "tredje": 3, "fjärde": 4, "fjerde": 4,  # Nordic
    "ensimmäinen": 1, "ensimmäisen": 1, "toinen": 2, "toisen": 2, "kolmas": 3, "kolmannen": 3, "neljäs": 4,
    "neljännen": 4, "viimeinen": 4, "viimeisen": 4,  # Finnish
    "ilk": 1, "birinci": 1, "ikinci": 2, "üçüncü": 3, "dördüncü": 4, "son": 4,  # Turkish
    "первый": 1, "первого": 1, "первом": 1, "второй": 2, "второго": 2, "втором": 2, "третий": 3, "третьего": 3,
    "третьем": 3, "четвертый": 4, "четвёртый": 4, "четвертого": 4, "четвёртого": 4, "четвертом": 4,  # Russian
    "első": 1, "második": 2, "harmadik": 3, "negyedik": 4, "utolsó": 4,  # Hungarian
    "primul": 1, "al doilea": 2, "al treilea": 3, "al patrulea": 4, "ultimul": 4,  # Romanian
    "πρώτο": 1, "πρώτου": 1, "δεύτερο": 2, "δεύτερου": 2, "τρίτο": 3, "τρίτου": 3, "τέταρτο": 4, "τέταρτου": 4,  # Greek
    "הראשון": 1, "השני": 2, "השלישי": 3, "הרביעי": 4, "האחרון": 4,  # Hebrew
    "الأول": 1, "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الأخير": 4,  # Arabic
    "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "terakhir": 4,  # Indonesian, Malay
    "पहली": 1, "दूसरी": 2, "तीसरी": 3, "चौथी": 4, "आखिरी": 4,  # Hindi
}
QUARTER_THIS = ["นี้", "الحالي", "هذا", "ini", "này", "tento", "tohoto", "tomto", "ten", "tego", "tym", "bieżącego",
                "obecnego", "bu", "этот", "этого", "текущего", "этом", "detta", "dette", "det här", "tämän", "ez", "ebben",
                "acest", "αυτό", "τρέχον", "הנוכחי", "הזה", "इस", "इसी"]
QUARTER_NEXT = ["ถัดไป", "หน้า", "القادم", "التالي", "depan", "berikutnya", "sau", "tới", "příští", "příštího",
                "budúci", "budúceho", "przyszły", "przyszłego", "następny", "następnego", "gelecek", "önümüzdeki",
                "следующий", "следующего", "nästa", "neste", "næste", "ensi", "jövő", "következő", "viitor",
                "următorul", "επόμενο", "הבא", "अगली", "अगले"]

# ISO week numbers: a week noun with a number ("vecka 6", "2027'nin 10. haftası", "εβδομάδα 12", "KW 7") names
# seven days; with a weekday beside it ("fredagen i vecka 6 2027") it names one.
WEEK_NOUNS = [
    "week", "wk", "kw", "cw", "kalenderwoche", "woche", "semaine", "semana", "settimana", "tydzień", "tygodnia",
    "tygodniu", "týden", "týdnu", "týždeň", "týždni", "vecka", "veckan", "vecka nr", "uge", "ugen", "uke", "uka",
    "viikko", "viikolla", "viikon", "hafta", "haftası", "haftasında", "haftasının", "hét", "hete", "héten",
    "săptămâna", "неделя", "недели", "неделе", "тиждень", "тижня", "εβδομάδα", "εβδομάδας", "שבוע", "minggu",
    "tuần", "सप्ताह", "الأسبوع", "أسبوع", "สัปดาห์ที่",
]
# "the week after next" with a weekday: the weekday two weeks on
WEEK_AFTER_NEXT = [
    "the week after next", "week after next", "übernächste woche", "übernächsten woche", "in der übernächsten woche",
    "la semana siguiente a la próxima", "veckan efter nästa", "ugen efter næste", "uken etter neste",
    "다다음 주", "다다음주", "下下周", "下下週", "再来週",
]
# "the second Tuesday of January": an ordinal, a weekday, a month (group names o, w, m)
NTH_WEEKDAY_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "letzten": -1,  # German
    "premier": 1, "première": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "dernier": -1,  # French
    "primer": 1, "segundo": 2, "tercer": 3, "cuarto": 4, "último": -1,  # Spanish
    "primeira": 1, "segunda": 2, "terceira": 3, "quarta": 4, "última": -1,  # Portuguese
    "primo": 1, "secondo": 2, "terzo": 3, "quarto": 4, "ultimo": -1,  # Italian
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": -1,  # Dutch
}
NTH_WEEKDAY_GLUE = ["of", "in", "im", "de", "del", "di", "do", "da", "van", "in de"]

# Number words beside a duration that dateparser's locale data lacks ("za trzy tygodnie", "do troch týždňov");
# dateparser's own number simplifications (Czech, Russian, Swedish, Norwegian, Hungarian, Catalan) are read too
NUMBER_WORDS_EXTRA = {
    "jeden": 1, "jedną": 1, "jednego": 1, "dwa": 2, "dwie": 2, "dwóch": 2, "trzy": 3, "trzech": 3, "cztery": 4,
    "czterech": 4, "pięć": 5, "pięciu": 5, "sześć": 6, "sześciu": 6, "osiem": 8, "ośmiu": 8, "dziesięć": 10,  # Polish
    "dva": 2, "dve": 2, "dvoch": 2, "tri": 3, "troch": 3, "štyri": 4, "štyroch": 4, "päť": 5, "piatich": 5,
    "šesť": 6, "osem": 8, "desať": 10,  # Slovak
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "sekiz": 8, "on": 10,  # Turkish
    "yksi": 1, "kaksi": 2, "kahden": 2, "kolme": 3, "kolmen": 3, "neljä": 4, "neljän": 4, "viisi": 5, "viiden": 5,
    "kuusi": 6, "kuuden": 6,  # Finnish
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "delapan": 8, "lapan": 8, "sepuluh": 10,  # Indonesian, Malay
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "tám": 8, "mười": 10,  # Vietnamese
    "δύο": 2, "τρεις": 3, "τρία": 3, "τέσσερις": 4, "έξι": 6, "οκτώ": 8,  # Greek
    "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "åtta": 8, "tio": 10, "to": 2, "fire": 4, "seks": 6,  # Nordic
    "doi": 2, "două": 2, "trei": 3, "patru": 4, "cinci": 5, "șase": 6, "opt": 8, "zece": 10,  # Romanian
}
# Slavic 'do' (within) before a number word in the genitive ("do troch týždňov", "do dvou týdnů"), which English
# "do" never precedes
WITHIN_GENITIVE = ["do"]
WITHIN_GENITIVE_NUMBERS = {"dvoch": 2, "troch": 3, "štyroch": 4, "piatich": 5, "šiestich": 6, "dvou": 2, "tří": 3,
                           "čtyř": 4, "pěti": 5, "šesti": 6, "dwóch": 2, "trzech": 3, "czterech": 4, "pięciu": 5,
                           "sześciu": 6, "jednego": 1, "jedného": 1, "jednoho": 1}
