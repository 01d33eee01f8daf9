"""The quote rules' vocabulary: the word lists, inflected forms and regexes that ``quotes.py`` and its
attribution helpers read (verbs of saying, cue prepositions, hedges, nouns of messages and groups,
headline and colon-line patterns). Data only: no parsing here."""

from __future__ import annotations

import re

# the rest of a quotation's paragraph is empty and the next line signs it: "\n\n- Hillary Clinton."
SIGNATURE_RE = re.compile(
    r"[ \t]*\n+[ \t]*[-–—][ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4})[ \t]*[.,\n]"
)
# "TAPPER: And obviously …" / "Marco Rubio: We will win.": a speaker's name opening a line, then a colon
_COLON_LINE_RE = re.compile(r"[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})[ \t]*:[ \t]+(?=\S)")
COLON_LINE_STOP = set(
    "note update updated editor editor's photo video watch read related source sources via by more "
    "correction clarification disclosure warning caption credit image pictured listen subscribe q a".split()
)

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"],
    "speak": ["spoke", "spoken", "speaks", "speaking"],
    "think": ["thought", "thinks", "thinking"],
    "feel": ["felt", "feels", "feeling"],
    "know": ["knew", "known", "knows", "knowing"],
    "put": ["puts", "putting"],
    "find": ["found", "finds", "finding"],
    "show": ["showed", "shown", "shows", "showing"],
    "tweet": ["tweeted", "tweets", "tweeting"],
    "hold": ["held", "holds", "holding"],
    "bet": ["bets", "betting"],
    "foresee": ["foresaw", "foreseen", "foresees"],
    "seek": ["sought", "seeks", "seeking"],
    "see": ["saw", "seen", "sees", "seeing"],
    "lay": ["laid", "lays", "laying"],
    "understand": ["understood", "understands", "understanding"],
    "draw": ["drew", "drawn", "draws", "drawing"],
    "forecast": ["forecasts", "forecasting", "forecasted"],
    # light verbs, which are never cues by themselves
    "be": ["is", "are", "was", "were", "been", "being", "am"],
    "have": ["has", "had", "having"],
    "do": ["does", "did", "done", "doing"],
    "get": ["got", "gotten", "gets", "getting"],
    "go": ["went", "gone", "goes", "going"],
    "come": ["came", "comes", "coming"],
    "take": ["took", "taken", "takes", "taking"],
    "make": ["made", "makes", "making"],
    "give": ["gave", "given", "gives", "giving"],
    "become": ["became", "becomes", "becoming"],
    "keep": ["kept", "keeps", "keeping"],
    "begin": ["began", "begun", "begins", "beginning"],
    "spend": ["spent", "spends", "spending"],
    "stop": ["stopped", "stops", "stopping"],
    "let": ["lets", "letting"],
}
SPEECH_LEMMAS = (
    "say tell state add write claim argue assert announce explain insist note warn suggest confirm deny "
    "acknowledge admit report reply respond answer ask declare tweet post posit predict promise vow "
    "pledge urge accuse criticize criticise praise testify allege contend comment remark recall observe "
    "emphasize emphasise stress underscore reiterate repeat maintain concede complain boast joke quip "
    "continue conclude believe think feel hope fear expect estimate indicate signal show find reveal "
    "mention recount proclaim reaffirm reassure inform dismiss reject blast slam charge counter retort "
    "demand propose recommend advise caution lament agree disagree speculate hint worry acknowledge "
    "describe call characterize label brand know realize understand doubt guess suppose imagine wonder "
    "assure threaten wish want question challenge stipulate clarify specify highlight decry tout "
    "announce disclose assert insinuate concede surmise summarize summarise illustrate reckon attest"
    # manners of saying that introduce quotes in PolNeAR's train split
    " exclaim confess interrupt interject shout yell scream whisper mutter muse sigh plead implore gush"
    " marvel recount concur tease scoff quip rant fume vent opine theorize theorise profess inquire"
    " query beg bemoan affirm aver chime email text recollect acknowledge forecast project"
    # cues of PolNeAR train attributions that no rule read (gold cue / all occurrences: implying 5/8,
    # implied 6/10, chants 8/10, chanted 7/9, remembered 8/12, encouraged 10/18, encourage 7/21,
    # persuaded 5/10, retweeted 7/9, documented 5/9, ruled 8/17, ignored 9/29, restricting 6/9,
    # booed 5/16, addressed 8/25)
    " imply chant remember encourage persuade retweet document rule ignore restrict boo address"
).split()
# verbs that only count as cues next to quotation marks ("describe…as “…”"), not for indirect speech
MARKED_ONLY = {
    "describe",
    "call",
    "characterize",
    "label",
    "brand",
    "question",
    "challenge",
    "highlight",
    "tout",
    "decry",
    "illustrate",
    "summarize",
    "summarise",
    "want",
    "wish",
    "continue",
}
MESSAGE_NOUNS = {
    "statement",
    "post",
    "message",
    "comments",
    "comment",
    "remarks",
    "letter",
    "report",
    "tweet",
    "release",
    "communique",
    "communiqué",
    "declaration",
    "readout",
    "memo",
}
# attitude verbs whose object or infinitive is what is attributed ("wants to lose", "praised the plan")
OBJECT_CUES = set(
    "want support oppose refuse plan criticize criticise praise endorse announce discuss mention ask urge "
    "back prefer reject deny accuse blame demand promise propose question dismiss acknowledge admit "
    "recommend seek hope expect believe consider fear mock slam blast attack defend "
    "welcome cite insist agree vow pledge threaten decline intend".split()
    # acts of stance that PolNeAR's train split attributes to a named holder ("unveiled a proposal")
    + "unveil offer express voice share sign order approve favor favour tout deride mock applaud "
    "lambast condemn introduce outline sponsor rebuke savage champion embrace float answer explain "
    "discuss recall list authorize authorise advocate appoint congratulate thank veto disavow "
    "downplay exaggerate invoke echo renew trumpet laud hail decry denounce see view regard "
    "name nominate".split()
    # public acts on a document, policy or rival, which PolNeAR's train split annotates as attributions
    # ("the agency released the emails", "Cruz knocked Rubio"); "like", "love", "require" are left out:
    # there they are almost never annotated
    + "release issue identify file lay promote present resist adopt publish request portray ban "
    "quote hammer knock expose reference credit distance liken detail articulate chide rebut draft "
    "circulate pressure air attribute spearhead contrast compare assail smear repudiate lament sue "
    "whack".split()
    # "described the dinner as Washington celebrating itself": what the object is described as is the
    # describer's view (a quotation after "describe" is still taken as what was said)
    + "describe characterize characterise decide".split()
)
GROUP_NOUNS = {
    "nations",
    "countries",
    "officials",
    "leaders",
    "governments",
    "ministers",
    "members",
    "sources",
    "lawmakers",
    "allies",
    "partners",
    "diplomats",
    "authorities",
    "analysts",
    "experts",
    "critics",
    "democrats",
    "republicans",
    "aides",
    "states",
    "government",
    "administration",
    "ministry",
    "kremlin",
    "committee",
    "campaign",
    "spokespeople",
    "polls",
    # poll shares and constituencies hold views too ("27 percent would vote for Trump")
    "percent",
    "voters",
    "supporters",
    "respondents",
    "majority",
    "delegates",
    "donors",
    "groups",
    "unions",
    "protesters",
    "activists",
    "conservatives",
    "liberals",
    "progressives",
    "evangelicals",
    "investors",
    "economists",
    "strategists",
    "advisers",
    "troops",
}
PRONOUNS = {
    "he",
    "she",
    "they",
    "we",
    "i",
    "it",
    "you",
    "him",
    "her",
    "them",
    "us",
    "those",
    "who",
    "which",
    "that",
    "this",
    "these",
    "some",
    "others",
    "many",
    "one",
}
# quantifiers that pick a group's members as a speaker ("many of Ukraine's partners are pushing for …")
GROUP_QUANTIFIERS = frozenset({"many", "some", "most", "several", "few", "all", "both", "half", "others"})
# determiners that make a noun phrase nobody in particular ("any peacekeeping troops"): never "they"
NON_REFERRING = frozenset({"any", "no", "every", "each"})
PERSONAL_OBJECTS = {"him", "her", "them"}  # the objects of a stance that stand for someone named
PLATFORM_RE = re.compile(
    r"\b(?:on|to|via|in)\s+(?:his|her|their|its|the)?\s*(?:own\s+)?"
    r"(Truth Social|X|Twitter|Telegram|Facebook|Instagram|TikTok|YouTube|Weibo|Truth)\b"
)
TRUTH_RE = re.compile(r"\bTruth Social\b")
FORMAT_RE = re.compile(
    r"\b(?:in|during|on)\s+(?:a|an|his|her|their|its|the)\s+(?:\w+\s+)?"
    r"(video statement|video address|video message|social media post|post|interview|statement|"
    r"press conference|news conference|speech|op-ed|letter|address|briefing|social media platform)\b"
)


# Cues whose content is a prepositional object ("talked about X", "his criticism of X", "is critical
# of X"), lemma → prepositions. Drawn from the most frequent (head word, preposition) cues annotated
# in PolNeAR's train split, kept to communication, evaluation and attitude words.
VERB_PREP_CUES: dict[str, set[str]] = {
    "talk": {"about"},
    "speak": {"about", "of", "on", "out"},
    "ask": {"about", "for"},
    "worry": {"about"},
    "care": {"about"},
    "think": {"about", "of"},
    "joke": {"about"},
    "complain": {"about", "of"},
    "warn": {"about", "of", "against"},
    "boast": {"about", "of"},
    "brag": {"about"},
    "call": {"for", "on"},
    "vote": {"for", "against"},
    "advocate": {"for"},
    "push": {"for"},
    "campaign": {"for", "against"},
    "argue": {"for", "against"},
    "vouch": {"for"},
    "apologize": {"for"},
    "apologise": {"for"},
    "praise": {"for"},
    "criticize": {"for"},
    "criticise": {"for"},
    "blame": {"for", "on"},
    "thank": {"for"},
    "refer": {"to"},
    "respond": {"to"},
    "point": {"to", "out"},
    "allude": {"to"},
    "object": {"to"},
    "reply": {"to"},
    "focus": {"on"},
    "comment": {"on"},
    "reflect": {"on"},
    "touch": {"on"},
    "weigh": {"on", "in"},
    "elaborate": {"on"},
    "rail": {"against"},
    "caution": {"against"},
    "protest": {"against"},
    "agree": {"with", "on", "to"},
    "disagree": {"with", "on"},
    "side": {"with"},
    "balk": {"at"},
    "hint": {"at"},
    "scoff": {"at"},
    "believe": {"in"},
    "spar": {"over"},
    "clash": {"over"},
    # more stance-and-topic verbs read in PolNeAR's train misses ("lashed out at", "distanced himself from")
    "lash": {"out", "at"},
    "distance": {"from"},
    "root": {"for"},
    "appeal": {"to"},
    "hew": {"to"},
    "admit": {"to"},
    "harp": {"on"},
    "pounce": {"on"},
    "seize": {"on", "upon"},
    "dwell": {"on"},
    "rally": {"behind", "around"},
    "fight": {"for", "against"},
    "grapple": {"with"},
    "wrestle": {"with"},
    "testify": {"about", "on"},
}
NOUN_PREP_CUES: dict[str, set[str]] = {
    "question": {"about"},
    "concern": {"about", "over"},
    "doubt": {"about"},
    "comment": {"about", "on"},
    "remark": {"about", "on"},
    "criticism": {"of", "over", "from"},
    "critique": {"of"},
    "endorsement": {"of"},
    "support": {"for", "of"},
    "praise": {"for", "of"},
    "call": {"for"},
    "case": {"for"},
    "proposal": {"for"},
    "opposition": {"to"},
    "response": {"to"},
    "reference": {"to"},
    "attack": {"on", "against"},
    "view": {"on", "of"},
    "opinion": {"on", "of"},
    "position": {"on"},
    "stance": {"on"},
    "thought": {"on", "about"},
    "defense": {"of"},
    "defence": {"of"},
    "rejection": {"of"},
    "accusation": {"of", "against"},
    "allegation": {"of", "against"},
    "announcement": {"of"},
    "mention": {"of"},
    "embrace": {"of"},
    "interest": {"in"},
    "faith": {"in"},
    "confidence": {"in"},
    "swipe": {"at"},
    "enthusiasm": {"for", "about"},
    "misgiving": {"about"},
    "misgivings": {"about"},
    "discontent": {"with"},
    "insistence": {"on"},
    "demand": {"for"},
    "dislike": {"for", "of"},
    "plaudits": {"for"},
    "skepticism": {"about", "of"},
    "objection": {"to"},
    "complaint": {"about", "over"},
    "warning": {"about", "against"},
    "hostility": {"to", "toward", "towards"},
    "disdain": {"for"},
    "contempt": {"for"},
    "admiration": {"for"},
    "distaste": {"for"},
    "frustration": {"with", "over"},
    "dissatisfaction": {"with"},
    "anger": {"at", "over"},
    "outrage": {"at", "over"},
    # people by their stance: "a fervent supporter of Donald Trump", "a longtime critic of the deal"
    "supporter": {"of"},
    "backer": {"of"},
    "critic": {"of"},
    "opponent": {"of"},
    "proponent": {"of"},
}
ADJ_PREP_CUES: dict[str, set[str]] = {
    "critical": {"of"},
    "supportive": {"of"},
    "skeptical": {"of", "about"},
    "sceptical": {"of", "about"},
    "wary": {"of"},
    "proud": {"of"},
    "aware": {"of"},
    "worried": {"about"},
    "concerned": {"about", "with"},
    "nervous": {"about"},
    "angry": {"about", "at", "with"},
    "upset": {"about", "with"},
    "optimistic": {"about"},
    "confident": {"in", "about"},
    "interested": {"in"},
    "pleased": {"with", "by"},
    "comfortable": {"with"},
    "happy": {"with", "about"},
    "unhappy": {"with", "about"},
    "furious": {"at", "about", "with"},
    "hostile": {"to", "toward", "towards"},
    "unapologetic": {"about"},
    "enthusiastic": {"about"},
    "fond": {"of"},
    "dismissive": {"of"},
    "opposed": {"to"},
    "open": {"to"},
    "receptive": {"to"},
    "silent": {"on", "about"},
    "keen": {"on"},
}
# Nouns whose infinitive is their owner's stance: "its decision not to cooperate", "her plan to …".
INTENT_NOUNS = set(
    "decision decisions plan plans promise pledge vow refusal call "
    "proposal threat intention willingness desire determination commitment offer".split()
)
# Impressions and reports with no named holder: "appeared to be locked in a close race", "is seen as"
RAISING_FORMS = {"seem", "seems", "seemed", "appear", "appears", "appeared"}
PASSIVE_HEDGE_FORMS = {
    "seen",
    "viewed",
    "regarded",
    "considered",
    "believed",
    "expected",
    "rumored",
    "perceived",
}
HEDGE_FORMS = RAISING_FORMS | PASSIVE_HEDGE_FORMS
TOPIC_PREPS = {"about", "against"}
# Verbs too general to say anything of their subject's stance ("Trump has a plan", "she went home").
LIGHT_VERBS = set(
    "be have do get go come take make give put let seem become keep begin start try struggle "
    "help need use spend manage fail stop continue".split()
)
# people by their relation to someone ("his mother refused to …") and shares of people ("most want …")
KIN_NOUNS = set(
    "mother father wife husband son daughter brother sister parent grandmother grandfather aunt uncle "
    "cousin friend neighbor neighbour child children family relative widow partner".split()
)
QUANTIFIERS = {"most", "many", "some", "neither", "both", "few", "none", "others", "several", "each"}
# Documents that report findings: "In a new poll, …" attributes the sentence to the poll.
CONVERSATION_NOUNS = {"interview", "interviews", "conversation", "conversations", "exchange"}
EVIDENCE_NOUNS = {"poll", "polls", "survey", "surveys", "study", "studies", "report", "analysis"}
# stances someone receives from a holder ("drew criticism from Berlin", "won support among Latinos")
RECEIVED_STANCES = {"criticism", "support", "backing", "praise", "condemnation", "endorsements", "fire"}
# Nouns whose "that"-clause is attributed to their owner: "his claim that …", "the view that …".
CLAIM_NOUNS = set(
    "claim claims assertion assertions argument view belief beliefs suggestion allegation allegations "
    "accusation accusations insistence promise promises pledge warning warnings statement announcement "
    "admission contention notion idea hope hopes fear fears concern concerns charge charges prediction "
    "predictions assurance assurances denial complaint complaints message insinuation assumption "
    "speculation".split()
)


# documents and measures that state, seek or show things as their authors do
DOCUMENT_NOUNS = (
    MESSAGE_NOUNS
    | EVIDENCE_NOUNS
    | set(
        "video videos ad ads bill bills legislation measure measures proposal plan law platform website book "
        "article column editorial findings data document documents filing lawsuit suit order ruling "
        "amendment resolution agreement deal".split()
    )
)
PEOPLE_PLURAL_RE = re.compile(r"(?:[^n]ers|ors|ists|ians|ans|ents|ites|als|ives|ees|eers|men|people)$")
# adjectives whose clause or infinitive states their subject's attitude ("is concerned that …")
ADJ_CLAUSE_CUES = set(ADJ_PREP_CUES) | set(
    "sure certain unsure uncertain convinced hopeful afraid adamant glad sorry disappointed frustrated "
    "determined eager willing unwilling reluctant ready insistent clear confident".split()
)


CLAUSE_NOUNS = CLAIM_NOUNS | INTENT_NOUNS


def _inflections(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    third = (
        lemma + "es"
        if lemma.endswith(("s", "sh", "ch", "x"))
        else (lemma[:-1] + "ies" if lemma.endswith("y") and lemma[-2] not in "aeiou" else lemma + "s")
    )
    extra = [lemma + "ted", lemma + "ting"] if lemma in ("quip", "admit", "regret") else []
    extra += [lemma + "ped", lemma + "ping"] if lemma == "quip" else []
    # a final consonant after one short vowel doubles ("slammed", "referring", "planned"); a spurious
    # form for other verbs ("answerred") never occurs in text, so no stress rule is needed
    if re.search(r"(?:^|[^aeiou])[aeiou][bdglmnprt]$", lemma):
        extra += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return [lemma, past, ing, third, *extra]


SPEECH_FORMS: dict[str, str] = {form: lemma for lemma in SPEECH_LEMMAS for form in _inflections(lemma)}
# What a raised subject can seem to do that reports its own view: "She appeared to imply that …",
# "Messages seem to show …", "his words appeared to contradict …" (PolNeAR credits the subject).
# Infinitives after "to": the base forms suffice (the stage's pipeline has no lemmatizer).
RAISED_REPORT_FORMS = set(SPEECH_LEMMAS) | {"imply", "contradict"}
RECEIVING_FORMS = {
    form
    for lemma in "draw face receive win get earn attract spark gain enjoy lock".split()
    for form in _inflections(lemma)
} | {"won", "winning"}
# verbs whose direct object is the person addressed, not what was said
MAKE_FORMS = {"make", "makes", "made", "making"}
TOLD_FORMS = {form for lemma in ("tell", "ask", "inform", "remind") for form in _inflections(lemma)}
LIGHT_FORMS = {form for lemma in LIGHT_VERBS for form in _inflections(lemma)}
OBJECT_FORMS = {form for lemma in OBJECT_CUES for form in _inflections(lemma)}
NAMING_FORMS = {form for lemma in ("call", "label", "brand", "dub", "deem") for form in _inflections(lemma)}
# form → prepositions, one table per part of speech ("a call on Wednesday" is not "called on")
VERB_PREP_FORMS = {form: preps for lemma, preps in VERB_PREP_CUES.items() for form in _inflections(lemma)}
NOUN_PREP_FORMS = {form: preps for lemma, preps in NOUN_PREP_CUES.items() for form in (lemma, lemma + "s")}
PREP_CUE_FORMS = {
    "VERB": VERB_PREP_FORMS,
    "AUX": VERB_PREP_FORMS,
    "NOUN": NOUN_PREP_FORMS,
    "ADJ": ADJ_PREP_CUES,
}


# headlines drop articles and capitalise every word, so the parser misreads their verbs ("Carly Fiorina
# Endorses Ted Cruz", "Saudi prince mocks Trump"): a cue there is found by its finite form alone
HEADLINE_LEMMAS = (set(SPEECH_LEMMAS) | OBJECT_CUES | set("rip hit knock mock whack champion".split())) - {
    "continue",
    "plan",
    "order",
    "list",
    "present",
    "share",
    "post",
    "text",
    "email",
    "project",
}
HEADLINE_CUE_FORMS = {
    form
    for lemma in HEADLINE_LEMMAS
    for form in _inflections(lemma)[1:]
    if not form.endswith("ing") and form not in ("written", "spoken")
}
HEADLINE_MAX_WORDS = 16  # a longer first line is a lede sentence, which the parse reads well enough
HEADLINE_CLAUSE_RE = re.compile(r"[^;:.!?—]+")
HEADLINE_WORD_RE = re.compile(r"[\w’'$%-]+")
HEADLINE_NOT_A_SUBJECT_END = {"the", "a", "an", "his", "her", "their", "its", "'s", "’s", "of", "to", "and"}
