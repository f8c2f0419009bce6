//! Word lists the attribution stage relies on.
//!
//! Lemma lists, not surface forms: the tagger's lemmatizer maps "says",
//! "said" and "saying" to "say".

/// Verbs of saying, writing, reporting and believing that introduce an
/// attribution when they govern a clausal complement or a quotation.
pub const CUE_VERBS: &[&str] = &[
    "say", "tell", "add", "write", "state", "claim", "argue", "note", "report", "announce", "insist", "deny", "explain",
    "warn", "suggest", "believe", "think", "acknowledge", "admit", "allege", "assert", "ask", "contend", "declare",
    "describe", "estimate", "expect", "find", "indicate", "maintain", "mention", "predict", "promise", "recall",
    "remark", "reply", "respond", "reveal", "show", "testify", "urge", "vow", "emphasize", "emphasise", "stress",
    "point", "conclude", "confirm", "concede", "complain", "criticize", "criticise", "post", "tweet", "accuse",
    "agree", "caution", "charge", "comment", "continue", "demand", "disclose", "doubt", "fear", "hope", "imply",
    "inform", "joke", "learn", "observe", "pledge", "propose", "question", "reason", "recommend", "reiterate",
    "repeat", "retort", "signal", "speculate", "swear", "threaten", "worry", "wonder", "announce", "brief", "quip",
    "concur", "counter", "acknowledge", "affirm", "assure", "boast", "cite", "forecast", "guarantee", "hint",
    "insinuate", "proclaim", "recount", "scoff", "shout", "sigh", "tout", "underscore", "contend", "object", "call",
    "know", "feel", "understand", "reckon", "assume", "suspect", "recognize", "recognise", "realize", "realise",
    "decide", "determine", "conclude", "indicate", "project", "estimate", "calculate", "posit", "theorize",
];

/// Cue verbs that mark written communication.
pub const WRITTEN_CUES: &[&str] = &["write", "post", "tweet", "publish", "email", "text"];

/// Nouns heading a venue: "at a news conference", "in a statement", "on X".
pub const VENUE_NOUNS: &[&str] = &[
    "briefing", "conference", "interview", "statement", "speech", "address", "hearing", "meeting", "rally", "post",
    "tweet", "letter", "email", "e-mail", "message", "video", "broadcast", "podcast", "show", "program", "programme",
    "television", "radio", "telegram", "x", "twitter", "facebook", "instagram", "tiktok", "youtube", "website",
    "blog", "op-ed", "column", "article", "memo", "release", "summit", "session", "debate", "forum", "event",
    "call", "appearance", "testimony", "remarks", "comments", "report", "filing", "document", "announcement",
];

/// Venues that are written.
pub const WRITTEN_VENUES: &[&str] = &[
    "statement", "post", "tweet", "letter", "email", "e-mail", "message", "x", "twitter", "facebook", "instagram",
    "telegram", "website", "blog", "op-ed", "column", "article", "memo", "release", "filing", "document",
];

/// Venues that are spoken.
pub const SPOKEN_VENUES: &[&str] = &[
    "briefing", "conference", "interview", "speech", "address", "hearing", "meeting", "rally", "broadcast",
    "podcast", "show", "television", "radio", "session", "debate", "call", "appearance", "testimony", "summit",
];

/// Nouns that make a source an institution.
pub const INSTITUTION_WORDS: &[&str] = &[
    "ministry", "department", "office", "government", "administration", "agency", "commission", "council",
    "committee", "court", "police", "army", "military", "forces", "party", "parliament", "congress", "senate",
    "kremlin", "company", "corporation", "firm", "bank", "group", "organization", "organisation", "union",
    "university", "institute", "embassy", "authority", "authorities", "board", "bureau", "service", "campaign",
    "cabinet", "presidency", "secretariat", "network", "newspaper", "times", "post", "journal", "news", "agency",
    "reuters", "ap", "afp", "inc.", "corp.", "co.", "ltd", "house", "pentagon", "nato", "un", "eu", "fbi", "cia",
    "team", "court", "prosecutors", "spokesperson's",
];

/// Plural or vague nouns that make a source unnamed.
pub const UNNAMED_WORDS: &[&str] = &[
    "officials", "sources", "analysts", "experts", "critics", "observers", "reports", "residents", "witnesses",
    "people", "diplomats", "lawmakers", "insiders", "aides", "investigators", "researchers", "scientists",
    "economists", "activists", "supporters", "opponents", "advocates", "others", "some", "many", "media",
    "report", "study", "survey", "poll", "assessment", "data", "documents", "reporting", "source", "official",
    "statement", "analysis", "polls", "studies", "estimates", "records", "figures",
];

/// Titles and role words that precede a name and are not part of it.
pub const TITLE_WORDS: &[&str] = &[
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "interior", "finance", "secretary",
    "state", "spokesperson", "spokesman", "spokeswoman", "chancellor", "king", "queen", "prince", "princess",
    "pope", "judge", "justice", "senator", "sen.", "rep.", "gov.", "governor", "mayor", "gen.", "general", "col.",
    "lt.", "mr.", "mrs.", "ms.", "dr.", "prof.", "professor", "chairman", "chairwoman", "chair", "ceo", "director",
    "ambassador", "envoy", "commissioner", "leader", "chief", "speaker", "house", "senate", "majority", "minority",
    "deputy", "acting", "former", "u.s.", "first", "lady", "attorney", "sheriff", "officer", "admiral", "adm.",
    "capt.", "sgt.", "rev.", "sir", "dame", "lord", "candidate", "nominee", "rep", "sen", "gov",
];

/// Role nouns that can stand for a person ("the foreign minister said").
pub const ROLE_NOUNS: &[&str] = &[
    "president", "minister", "spokesperson", "spokesman", "spokeswoman", "secretary", "chancellor", "senator",
    "governor", "mayor", "general", "chairman", "chairwoman", "director", "ambassador", "envoy", "commissioner",
    "leader", "chief", "official", "premier", "king", "queen", "judge", "prosecutor", "lawyer", "attorney",
    "candidate", "nominee", "ceo", "founder", "officer", "commander", "adviser", "advisor", "aide", "economist",
    "analyst", "professor", "expert", "researcher", "author", "man", "woman", "father", "mother", "boy", "girl",
];

/// Capitals and countries that, as the subject of a cue, stand for a
/// government (metonymy). The entities stage will replace this short list
/// with its gazetteer.
pub const GOVERNMENT_METONYMS: &[&str] = &[
    "Washington", "Beijing", "Moscow", "Kyiv", "Kiev", "London", "Paris", "Berlin", "Tokyo", "Tehran", "Ankara",
    "Brussels", "Jerusalem", "Pyongyang", "Seoul", "Delhi", "New Delhi", "Islamabad", "Kabul", "Baghdad",
    "Damascus", "Riyadh", "Cairo", "Ottawa", "Canberra", "Taipei", "Havana", "Caracas", "Minsk", "Warsaw", "Rome",
    "Madrid", "China", "Russia", "Ukraine", "Iran", "Israel", "Germany", "France", "Britain", "Japan", "India",
    "Pakistan", "Turkey", "Syria", "Iraq", "Egypt", "Canada", "Mexico", "Brazil", "Venezuela", "Cuba", "Taiwan",
    "Poland", "Belarus", "Hungary", "Italy", "Spain", "Australia", "NATO", "Hamas", "Hezbollah", "Tel Aviv",
];

/// Words in a sentence that mark its source as anonymous.
pub const ANONYMITY_MARKERS: &[&str] = &["anonymity", "anonymously", "unnamed", "unidentified"];

/// Third-person personal pronouns that can stand for a speaker.
pub const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "her", "i", "we", "they", "you"];
