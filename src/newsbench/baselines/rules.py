"""The ``rules`` baseline: no model, only word lists, the shipped gazetteer and the time-expression rules.

What it predicts, per document:

- mentions: names (NAM), pronouns (PRO) and descriptor nominals (NOM). Names are runs of capitalised tokens. A
  run is a place name when the gazetteer knows it (type by GeoNames feature class: A/P -> GPE, S/R -> FAC,
  others LOC), a GPE when it
  is a demonym of the demonym table ("Iraqi"), PER right after a person title ("Prime Minister ...") or a role
  noun in lower case ("goalkeeper ..."; initials stay in the name: "L. Ron ..."), ORG when it contains an
  organisation word ("... Defence Force") or is followed by one ("Sunshine Coast council"), FAC/LOC when it
  ends in a facility/location word ("Kansas City Airport"); two or three capitalised words with no cue whose
  first is a given name (``common.person_names``) are PER ("Andy Warhol"), as are a short family name and a given
  name of two hyphenated syllables ("Sung Mi-ra", made up), and so are the surname and the given name
  alone of a person found so ("Warhol", "Andy"), and a name with no cue said in full and by its last word alone
  ("Velko Darnin ... Darnin"); any other run with no cue is an ORG when the document repeats it (``_recurring_names``),
  or says it in full and by its first word ("Acme Computer ... Acme"), else dropped; an acronym introduced in
  brackets and the name it abbreviates are ORG (``common.introduced_acronyms``); "Inc." and the like keep their
  full stop. A photo caption's credit label ("Image:") is no part of a name, and a name with a
  model designation ("A380"), or right after one or a model number, is a product, dropped. A word in capitals
  is a name word ("FIRST"). A town below 100,000 people is a
  place only after a locative word ("in", "near"), and such a town (or one named by an alternate name of its
  record) that opens an organisation's name in the document is that organisation's short form. Places named at
  the start of an ORG/FAC/LOC name, or after a body's kind noun and "of" ("University of Leeds"), are nested
  mentions ("Kansas City" in "Kansas City Airport"); after a place descriptor ("Town of X") the place is the name.
  Clusters: one per gazetteer record, else per case-folded name and type. A personal pronoun is a mention
  of the name last found before it that agrees with it, and "the" + an organisation descriptor ("the company")
  a nominal (NOM) of the organisation named last before it (:mod:`newsbench.baselines.pronouns`). A bare plural
  demonym ("Canadians voted", no determiner or number before it) is the people's PER NOM, in a cluster per word,
  with no GPE mention (GUIDELINES R14).
- toponyms: every gazetteer-resolved place mention; reading Demonym for demonyms, otherwise from the next
  word (data/rules_en.json): Non_Literal_Modifier ("French embassy", "Russia-backed"), Literal_Modifier
  ("Paris airport"), Metonymic ("Paris has said"), else Literal.
- timexes: :mod:`newsbench.baselines.timexes`.
- event mentions: trigger lexicon (data/triggers_en.json) over tokens outside names and time expressions;
  cluster = same type and lemma; attributes = majority values unless a cue in the three tokens before the
  trigger says negated / future / not asserted; arguments: the nearest place mention in the sentence as
  Place and the nearest DATE/TIME in the sentence as Time, where the event type allows those roles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from collections.abc import Collection, Iterable, Sequence

from ..model import (
    PredictedArgument,
    PredictedEventMention,
    PredictedMention,
    PredictedTimex,
    PredictedToponym,
    SubmissionDocument,
)
from ..ontology import Ontology, load_ontology
from ..text import Sentence, Token, split_sentences, tokenize
from .common import (
    InputDocument,
    PlaceResolver,
    ResolvedPlace,
    caption_labels,
    cluster_ids,
    acronym_spans,
    default_resolver,
    document_countries,
    facility_words,
    introduced_acronyms,
    load_json_data,
    lower_case_words,
    name_key,
    names_a_product,
    person_names,
    sort_event_mentions,
    sort_mentions,
    sort_timexes,
    sort_toponyms,
    surname_mentions,
    team_names,
    toponym,
)
from .pronouns import descriptor_mentions, pronoun_mentions
from .timexes import TimexSpan, TimexTagger


def _words(section: dict) -> frozenset[str]:
    return frozenset(w.lower() for w in section["words"])


@dataclass(frozen=True)
class Lexicon:
    """The rules baseline's word lists and patterns, read from data/rules_en.json."""

    not_names: frozenset[str]
    connectors: frozenset[str]
    titles: tuple[tuple[str, ...], ...]
    roles: tuple[tuple[str, ...], ...]
    """Role nouns ("coach"): a person cue only when written in lower case, before a name."""
    stop_abbreviations: frozenset[str]
    org_descriptors: tuple[tuple[str, ...], ...]
    """Organisation descriptors ("carmaker"): an ORG cue when written in lower case, before a name."""
    org_words: frozenset[str]
    fac_words: frozenset[str]
    loc_words: frozenset[str]
    non_literal_heads: frozenset[str]
    literal_heads: frozenset[str]
    metonymic_next: frozenset[str]
    auxiliaries: frozenset[str]
    modifier_suffixes: tuple[str, ...]
    attribute_defaults: dict[str, str]
    negation: frozenset[str]
    future: frozenset[str]
    irrealis: frozenset[str]
    infinitive: frozenset[str]
    triggers: dict[tuple[str, ...], tuple[str, str]]
    """Lower-cased token sequence -> (event type, lemma)."""
    longest_trigger: int
    small_place_population: int
    locative_before: frozenset[str]
    body_kinds: frozenset[str]
    """Kind nouns of bodies ("University" of "University of Leeds"): the place after "of" is a nested mention (R4)."""
    place_kinds: frozenset[str]
    """Place descriptors ("Town" of "Town of Springfield"): the place after "of" is the name (R2)."""
    demonym_determiners: frozenset[str]
    """Words that, right before a plural demonym, make it the head of a longer phrase ("the three Peruvians")."""


def _token_texts(phrase: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in tokenize(phrase))


def _phrases(section: dict) -> tuple[tuple[str, ...], ...]:
    """A section's phrases as lower-cased token sequences, longest first."""
    return tuple(sorted({_token_texts(w) for w in section["words"]}, key=lambda t: (-len(t), t)))


@cache
def load_lexicon() -> Lexicon:
    """The rules baseline's lexicon, read once."""
    d = load_json_data("rules_en.json")
    readings = d["toponym_readings"]
    attrs = d["event_attributes"]
    ontology = load_ontology()
    triggers: dict[tuple[str, ...], tuple[str, str]] = {}
    for event_type, lemmas in load_json_data("triggers_en.json")["triggers"].items():
        if event_type not in ontology.event_types:
            raise ValueError(f"data/triggers_en.json: expected an ontology event type, found {event_type!r}")
        for lemma, forms in lemmas.items():
            for form in forms:
                key = _token_texts(form)
                if key in triggers and triggers[key][0] != event_type:
                    raise ValueError(f"data/triggers_en.json: {form!r} is listed for {triggers[key][0]} and "
                                     f"{event_type}")
                triggers[key] = (event_type, lemma)
    return Lexicon(
        not_names=_words(d["not_names"]),
        connectors=_words(d["name_connectors"]),
        titles=_phrases(d["person_titles"]),
        roles=_phrases(d["person_roles"]),
        stop_abbreviations=_words(d["abbreviations_with_stop"]),
        org_descriptors=_phrases(d["org_descriptors"]),
        org_words=_words(d["org_words"]),
        fac_words=facility_words(),
        loc_words=_words(d["loc_words"]),
        non_literal_heads=frozenset(readings["non_literal_modifier_heads"]),
        literal_heads=frozenset(readings["literal_modifier_heads"]),
        metonymic_next=frozenset(readings["metonymic_next_words"]),
        auxiliaries=frozenset(readings["auxiliaries"]),
        modifier_suffixes=tuple(readings["modifier_before_words"]),
        attribute_defaults=dict(attrs["defaults"]),
        negation=frozenset(attrs["negation_words"]),
        future=frozenset(attrs["future_words"]),
        irrealis=frozenset(attrs["irrealis_words"]),
        infinitive=frozenset(attrs["infinitive_markers"]),
        triggers=triggers,
        longest_trigger=max(len(k) for k in triggers),
        small_place_population=int(d["small_places"]["min_population"]),
        locative_before=frozenset(w.lower() for w in d["small_places"]["locative_before"]),
        body_kinds=frozenset(d["kind_of_place"]["bodies"]),
        place_kinds=frozenset(d["kind_of_place"]["places"]),
        demonym_determiners=_words(d["demonym_nouns"]),
    )


# --- names ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    type: str
    """Empty: a name with no cue, left for :func:`_recurring_names` to type or drop."""
    place: ResolvedPlace | None = None
    demonym: bool = False
    opens_sentence: bool = False
    """A one-word name with no word before it (a sentence's first word is capitalised anyway)."""
    after: str = ""
    """Of a name with no cue: the word right before it, in lower case, one space between ("" at a sentence start or
    after punctuation)."""
    people: bool = False
    """A bare plural demonym ("Canadians voted"): a PER NOM of those people, no name (GUIDELINES R14)."""


def _capitalised(token: Token) -> bool:
    """Starts with a capital, or is a glued name whose last piece does ("al-Sisi")."""
    return token.text[:1].isupper() or ("-" in token.text and token.text.rsplit("-", 1)[1][:1].isupper())


_NAME_JOINERS = ("-", "'", "\u2019")


def _glue_hyphens(tokens: Sequence[Token], lex: Lexicon) -> list[Token]:
    """Join hyphenated name pieces into one token ("al-Sisi", "Guinea-Bissau"), and capitalised pieces either side of
    an apostrophe ("O'Brien"); "Russia-backed" and "Ann's" stay apart."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        while (j + 2 < len(tokens) and tokens[j + 1].text in _NAME_JOINERS and tokens[j + 1].start == tokens[j].end
               and tokens[j + 2].start == tokens[j + 1].end):
            j += 2
        parts = tokens[i:j + 1:2]
        name_pieces = _capitalised(parts[-1]) and all(_capitalised(p) or p.text.lower() in lex.connectors
                                                      for p in parts)
        if j > i and (name_pieces or _romanised_syllables(out[-1:], [p.text for p in parts], tokens[i].start,
                                                          tokens[i + 1].text, lex)):
            out.append(Token(tokens[i].start, tokens[j].end, "".join(t.text for t in tokens[i:j + 1])))
            i = j + 1
        else:
            out.append(tokens[i])
            i += 1
    return out


_TWO_SYLLABLES = re.compile(r"[A-Z][a-z]{1,4}-[A-Za-z][a-z]{1,4}")
"""A given name of two short romanised syllables joined by a hyphen ("Mi-ra", "Hyo-Jin"; made up)."""


def _romanised_syllables(before: Sequence[Token], pieces: Sequence[str], pieces_start: int, joiner: str,
                         lex: Lexicon) -> bool:
    """Two short syllables joined by a hyphen, the first capitalised and the second not, right after a short
    capitalised word ("Sung Mi-ra", made up): the romanised given name of an East Asian person's name, written
    after the family name, whose second syllable news often writes in lower case; "Ruritania-led",
    "Acme-run" (a modifier after a name) stay apart: the word before them is no short name word, or the piece is a
    modifier ending (``modifier_before_words``)."""
    return (joiner == "-" and len(pieces) == 2 and len(before) == 1 and _short_name_word(before[0].text)
            and before[0].end + 1 == pieces_start
            and pieces[1].islower() and bool(_TWO_SYLLABLES.fullmatch("-".join(pieces)))
            and "-" + pieces[1] not in lex.modifier_suffixes)


def _short_name_word(word: str) -> bool:
    """A capitalised word of two to five letters, the rest lower case: the shape of a romanised East Asian family
    name ("Sung", "Park", "Ma")."""
    return 2 <= len(word) <= 5 and word[:1].isupper() and word[1:].islower() and word.isalpha()


def _east_asian_name(words: Sequence[str]) -> bool:
    """Two words, a short family name ("Sung") and a given name of two short syllables joined by a hyphen
    (``_TWO_SYLLABLES``): a common shape of a romanised Korean or Chinese person's name in English news, which the
    given-name test cannot see: the names lists' Korean and Chinese locales give no Latin-script names. Measured on
    GUM news' tuning half (eval/README.md section 7)."""
    return len(words) == 2 and _short_name_word(words[0]) and bool(_TWO_SYLLABLES.fullmatch(words[1]))


def _glue_initials(tokens: Sequence[Token]) -> list[Token]:
    """Join an initial and its full stop into one token ("L." of "L. Ron Hubbard"), when a capitalised word follows
    after one space: a person's initial is part of the complete name (GUIDELINES 2.5)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if (len(t.text) == 1 and t.text.isupper() and i + 2 < len(tokens) and tokens[i + 1].text == "."
                and tokens[i + 1].start == t.end and text_gap_is_space(tokens[i + 1], tokens[i + 2])
                and tokens[i + 2].text[:1].isupper()):
            out.append(Token(t.start, tokens[i + 1].end, t.text + "."))
            i += 2
        else:
            out.append(t)
            i += 1
    return out


def _country_abbreviation(token: Token, resolver: PlaceResolver) -> bool:
    """An all-capital token that names a country ("US", "UK"), though its lower case is a common word ("us")."""
    if not (token.text.isupper() and token.text.isalpha()):
        return False
    hit = resolver.place(token.text)
    return hit is not None and hit.place.feature.startswith("A.PCL")


def _runs(tokens: Sequence[Token], blocked: Sequence[tuple[int, int]], lex: Lexicon,
          resolver: PlaceResolver) -> list[list[Token]]:
    """Maximal runs of capitalised tokens (connectors allowed inside), outside time expressions. A word in capitals
    is an acronym, a name word, even when its lower case is a function word ("the FIRST Orbix League", made up)."""
    def free(t: Token) -> bool:
        return not any(s <= t.start < e for s, e in blocked)

    def name_like(t: Token) -> bool:
        return (_capitalised(t) and free(t)
                and (t.text.lower() not in lex.not_names or _country_abbreviation(t, resolver)
                     or (len(t.text) >= 2 and t.text.isupper() and t.text.isalpha())))

    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, t in enumerate(tokens):
        adjacent = bool(current) and text_gap_is_space(current[-1], t)
        joins = (adjacent and t.text.lower() in lex.connectors and free(t) and i + 1 < len(tokens)
                 and name_like(tokens[i + 1]) and text_gap_is_space(t, tokens[i + 1]))
        if (name_like(t) and (not current or adjacent)) or joins:
            current.append(t)
        else:
            if current:
                runs.append(current)
            current = [t] if name_like(t) else []
    if current:
        runs.append(current)
    # A run never ends in a connector.
    return [r[: max(i for i, t in enumerate(r) if _capitalised(t)) + 1] for r in runs]


def text_gap_is_space(a: Token, b: Token) -> bool:
    """Tokens separated by exactly one space (a name does not continue over punctuation or a line end)."""
    return b.start == a.end + 1


def _match_title(tokens: Sequence[Token], i: int, lex: Lexicon) -> int:
    """Length of the person title starting at tokens[i], or 0."""
    for title in lex.titles:
        n = len(title)
        if tuple(t.text.lower() for t in tokens[i:i + n]) == title:
            return n
    return 0


def _title_before(toks: Sequence[Token], first: Token, lex: Lexicon) -> str:
    """The type the word before the run starting at ``first`` gives it, a comma maybe between: PER after a person
    title or a role noun in lower case ("goalkeeper"), ORG after an organisation descriptor in lower case
    ("carmaker"); else ""."""
    i = next(k for k, t in enumerate(toks) if t.start == first.start)
    j = i - 1
    if j >= 0 and toks[j].text == ",":
        j -= 1

    def before(phrases: tuple[tuple[str, ...], ...], lower_only: bool) -> bool:
        for phrase in phrases:
            words = toks[max(0, j - len(phrase) + 1):j + 1]
            if (len(words) == len(phrase) and tuple(t.text.lower() for t in words) == phrase
                    and (not lower_only or all(t.text.islower() or not t.text.isalpha() for t in words))):
                return True
        return False

    if before(lex.titles, False) or before(lex.roles, True):
        return "PER"
    return "ORG" if before(lex.org_descriptors, True) else ""


def _person_like(tokens: Sequence[Token]) -> bool:
    """Two or three capitalised words (each piece of a hyphenated or apostrophe word capitalised: "Hee-Chan",
    "O'Brien"; none in capitals only), the first a given name of the names lists (``common.person_names``): the
    commonest shape of a person's name in news. Without the given name, "Apple Computer", "Air Canada" and "Sea Org"
    were persons (measured on the tuning halves of GUM news and MEANTIME, eval/README.md section 7)."""
    def initial(t: Token) -> bool:
        return len(t.text) == 2 and t.text.endswith(".")

    words = [t for t in tokens if not initial(t)]
    if _east_asian_name([t.text for t in tokens]):
        return True
    return (2 <= len(words) <= 3 and all(_name_word(t.text) for t in words) and words[0].text in person_names().given
            and not initial(tokens[-1]))


def _name_word(word: str) -> bool:
    """A word shaped like a word of a person's name: each piece of a hyphenated or apostrophe word capitalised
    letters ("Hee-Chan", "O'Brien"), not in capitals only."""
    return not word.isupper() and all(p[:1].isupper() and p.isalpha() for p in re.split(r"[-']", word))


def _small_place(hit: ResolvedPlace | None, lex: Lexicon) -> bool:
    """A town or village below the population that makes a capitalised word a place name by itself."""
    return (hit is not None and hit.place.feature.startswith("P.") and hit.place.feature != "P.PPLC"
            and (hit.place.population or 0) < lex.small_place_population)


def _place_after_kind(tokens: Sequence[Token], text: str, resolver: PlaceResolver, lex: Lexicon
                      ) -> tuple[_Name | None, bool]:
    """The place named after "of" in a name of kind words, "of" and a place ("University of Leeds", "Town of
    Springfield"; the longest run of words after "of" the gazetteer knows), and whether the kind words are a
    place descriptor (R2: the place alone is the name) rather than a body's kind (R4: the place is a nested mention
    beside the name). (None, False) when a word before "of" is no kind word (a word of the name: R4)."""
    lowered = [t.text.lower() for t in tokens]
    if "of" not in lowered[1:]:
        return None, False
    kinds = lowered[:lowered.index("of")]
    descriptor = all(w in lex.place_kinds for w in kinds)
    if not (descriptor or all(w in lex.body_kinds for w in kinds)):
        return None, False
    rest = tokens[len(kinds) + 1:]
    for k in range(len(rest), 0, -1):
        hit = resolver.place(text[rest[0].start:rest[k - 1].end])
        if hit is not None:
            return _Name(rest[0].start, rest[k - 1].end, hit.entity_type, hit), descriptor
    return None, False


def _bare_plural_demonym(surface: str, prev_word: str, resolver: PlaceResolver, lex: Lexicon) -> bool:
    """A plural demonym noun ("Canadians": its singular is a demonym too) with no determiner, quantifier or
    number before it: the bare phrase, whose one span is the people's PER NOM (GUIDELINES R14)."""
    return (resolver.is_plural_demonym(surface) and prev_word not in lex.demonym_determiners
            and not any(c.isdigit() for c in prev_word))


def _segment_names(tokens: list[Token], text: str, after_title: bool, prev_word: str, next_word: str,
                   resolver: PlaceResolver, lex: Lexicon) -> list[_Name]:
    """Names in one title-free segment of a run."""
    start, end = tokens[0].start, tokens[-1].end
    surface = text[start:end]
    lowered = [t.text.lower() for t in tokens]
    if after_title and not (len(tokens) == 1 and resolver.is_demonym(surface)):
        return [_Name(start, end, "PER")]
    if len(tokens) == 1 and resolver.is_demonym(surface):
        if _bare_plural_demonym(surface, prev_word, resolver, lex):
            return [_Name(start, end, "PER", people=True)]
        resolved = resolver.demonym(surface)
        return [_Name(start, end, "GPE", resolved, demonym=True)] if resolved else []
    resolved = resolver.place(surface)
    if _small_place(resolved, lex) and prev_word not in lex.locative_before:
        resolved = None
    if resolved is not None:
        return [_Name(start, end, resolved.entity_type, resolved)]
    inner, descriptor = _place_after_kind(tokens, text, resolver, lex)
    if inner is not None and descriptor:
        return [inner]
    nested = [inner] if inner is not None else []
    head_type = None
    if lowered[-1] in lex.fac_words and len(tokens) > 1:
        head_type = "FAC"
    elif lowered[-1] in lex.loc_words and len(tokens) > 1:
        head_type = "LOC"
    elif (len(tokens) > 1 and any(w in lex.org_words for w in lowered)) or next_word in lex.org_words:
        head_type = "ORG"
    if head_type is None and _person_like(tokens):
        return [_Name(start, end, "PER")]
    if head_type is None:
        return [_Name(start, end, "", opens_sentence=len(tokens) == 1 and not prev_word, after=prev_word), *nested]
    names = [_Name(start, end, head_type), *nested]
    # A place or demonym at the start of an organisation or facility name is a nested mention.
    for k in range(len(tokens) - 1, 0, -1):
        prefix = text[tokens[0].start:tokens[k - 1].end]
        if k == 1 and resolver.is_demonym(prefix):
            hit = resolver.demonym(prefix)
            if hit:
                names.append(_Name(tokens[0].start, tokens[k - 1].end, "GPE", hit, demonym=True))
            break
        hit = resolver.place(prefix)
        if hit is not None and not _small_place(hit, lex):
            names.append(_Name(tokens[0].start, tokens[k - 1].end, hit.entity_type, hit))
            break
    return names


def _without_caption_label(run: list[Token], text: str) -> list[Token]:
    """The run without a photo caption's credit label right before a colon ("Ann Lee Image" of "Ann Lee Image:
    Bob Roe"; data/spacy_labels.json), which Wikinews captions put after the name of what is shown."""
    if run[-1].text in caption_labels() and text[run[-1].end:].lstrip(" ").startswith(":"):
        run = run[:-1]
        while run and not _capitalised(run[-1]):
            run = run[:-1]
    return run


def _names(sentence: Sentence, text: str, blocked: Sequence[tuple[int, int]], resolver: PlaceResolver,
           lex: Lexicon) -> list[_Name]:
    names: list[_Name] = []
    toks = _glue_hyphens(_glue_initials(sentence.tokens), lex)
    for run in _runs(toks, blocked, lex, resolver):
        run = _without_caption_label(run, text)
        if not run:
            continue
        segments: list[tuple[list[Token], bool]] = []
        current: list[Token] = []
        described = _title_before(toks, run[0], lex)
        after_title = described == "PER"
        i = 0
        while i < len(run):
            n = _match_title(run, i, lex)
            if n:
                if current:
                    segments.append((current, after_title))
                current, after_title = [], True
                i += n
                continue
            current.append(run[i])
            i += 1
        if current:
            segments.append((current, after_title))
        for seg, titled in segments:
            while seg and not _capitalised(seg[0]):  # a lower-case connector left after a title
                seg = seg[1:]
            if not seg:
                continue
            k = next(j for j, t in enumerate(toks) if t.start == seg[-1].start)
            next_word = (toks[k + 1].text.lower() if k + 1 < len(toks) and text_gap_is_space(seg[-1], toks[k + 1])
                         else "")
            f = next(j for j, t in enumerate(toks) if t.start == seg[0].start)
            prev_word = toks[f - 1].text.lower() if f > 0 and text_gap_is_space(toks[f - 1], seg[0]) else ""
            if described == "ORG" and seg[0] is run[0]:
                found = [_Name(seg[0].start, seg[-1].end, "ORG")]
            else:
                found = _segment_names(seg, text, titled, prev_word, next_word, resolver, lex)
            if seg[-1].text.lower() in lex.stop_abbreviations and text[seg[-1].end:seg[-1].end + 1] == ".":
                found = [replace(n, end=n.end + 1) if n.end == seg[-1].end else n for n in found]
            names.extend(found)
    return names


def _recurring_names(names: Sequence[_Name], text: str) -> list[_Name]:
    """Names typed by the document as a whole. A name with no cue (one word, or several that are no person's name)
    that the document uses so at least twice, at least once inside a sentence, that is no word of a person's name
    found in it and that the document does not also write in lower case is an organisation (made up: "Zentrix
    said ...", "... talks with Zentrix on ...", "Zentrix Labs ... Zentrix Labs"): in news, names that recur bare and
    are neither places, demonyms nor persons are mostly companies and agencies, and a capitalised word that also
    occurs in lower case ("Internet" and "internet") is a common word (measured on the tuning halves of GUM news and
    MEANTIME, eval/README.md section 7). Any other name with no cue is dropped."""
    lower = lower_case_words(text)
    names = _persons_by_their_parts(names, text, lower)
    counts = Counter(text[n.start:n.end] for n in names if not n.type)
    inside = {text[n.start:n.end] for n in names if not n.type and not n.opens_sentence}
    person_words = {w for n in names if n.type == "PER" for w in text[n.start:n.end].split()}
    orgs = {w for w, count in counts.items()
            if count >= 2 and w in inside and w not in person_words and w.lower() not in lower}
    orgs |= _short_forms(counts.keys(), person_words, lower)
    return [n if n.type else replace(n, type="ORG") for n in names if n.type or text[n.start:n.end] in orgs]


def _given_names(names: Iterable[_Name], text: str) -> dict[str, str]:
    """Given names of the names lists that open the name of exactly one person found ("Andy" of "Andy Warhol"),
    each with that person's full name."""
    full: dict[str, set[str]] = {}
    for n in names:
        words = text[n.start:n.end].split()
        if n.type == "PER" and len(words) >= 2 and words[0] in person_names().given:
            full.setdefault(words[0], set()).add(" ".join(words))
    return {w: next(iter(fulls)) for w, fulls in full.items() if len(fulls) == 1}


_ARTICLES = ("the", "a", "an")


def _persons_by_their_parts(names: Sequence[_Name], text: str, lower: Collection[str]) -> list[_Name]:
    """Persons a document names in full and by a part alone. A name with no cue that is the given name of one
    person found ("Andy" after "Andy Warhol") is that person; a name of two or three words with no cue whose last
    word the document also uses alone, as a name with no cue ("Velko Darnin ... Darnin", made up), is a person,
    said again by surname (GUIDELINES 2.8: names and their variants are one entity), unless that word is written
    in lower case too or the first word is used alone as well (an organisation's short form, ``_short_forms``).
    The full name must be used once after a word of its sentence, the part once with no article before it. News
    names a person in full once and then by surname; an organisation's short form keeps its first word (measured
    on the tuning halves of GUM news and MEANTIME, eval/README.md section 7)."""
    given = _given_names(names, text)
    bare = [n for n in names if not n.type]
    alone = {text[n.start:n.end] for n in bare if " " not in text[n.start:n.end]}
    # a person's name has no article before it ("the Zentrix chief"), and a full name that only opens sentences
    # may start with a capitalised common word ("Actual Zentrix sales")
    unarticled = {text[n.start:n.end] for n in bare if n.after not in _ARTICLES}
    inside = {text[n.start:n.end] for n in bare if n.after}

    def person(n: _Name) -> bool:
        surface = text[n.start:n.end]
        words = surface.split()
        if len(words) == 1:
            return surface in given and surface in unarticled
        return (2 <= len(words) <= 3 and all(map(_name_word, words)) and surface in inside
                and words[-1] in alone & unarticled and words[-1].lower() not in lower and words[0] not in alone)

    return [replace(n, type="PER") if not n.type and person(n) else n for n in names]


def _short_forms(surfaces: Iterable[str], person_words: Collection[str], lower: Collection[str]) -> set[str]:
    """Names said in full and by their first word alone, neither with a cue ("Zentrix Labs ... Zentrix"), both:
    an organisation's name and its short form (GUIDELINES C3: a short form of an organisation's own name joins
    it); the short form is no word of a person's name found and no word the text also writes in lower case."""
    surfaces = set(surfaces)
    found: set[str] = set()
    for w in surfaces:
        first = w.split()[0]
        if (len(w.split()) > 1 and first in surfaces and first not in person_words and first.lower() not in lower
                and w.lower() not in lower):
            found |= {w, first}
    return found


def _organisations_short_forms(names: Sequence[_Name], text: str, lex: Lexicon) -> list[_Name]:
    """A town's name that is also the first word of an organisation's name in the document ("at Zentrix" beside "the
    Zentrix Science Fair") is that organisation's short form (GUIDELINES C3), not the town, when the town is small
    (a place only by the word before it, ``small_places``) or has that name only as an alternate name of its record
    (GeoNames lists nicknames and stunts: a city once renamed after a company): the longer name says what the word
    names here; inside that name it is no mention of its own (R4). Towns known by their own name keep their reading
    ("Paris" beside "Paris Saint-Germain")."""
    orgs = [n for n in names if n.type == "ORG" and " " in text[n.start:n.end]]
    firsts = {text[n.start:n.end].split()[0] for n in orgs}
    starts = {n.start for n in orgs}

    def short_form(n: _Name) -> bool:
        return (n.place is not None and not n.demonym and n.place.place.feature.startswith("P.")
                and (_small_place(n.place, lex) or text[n.start:n.end] != n.place.place.name)
                and text[n.start:n.end] in firsts)

    return [replace(n, type="ORG", place=None) if short_form(n) else n for n in names
            if not (short_form(n) and n.start in starts)]


def _acronym_names(names: Sequence[_Name], text: str) -> list[_Name]:
    """An acronym the text introduces in brackets is an organisation everywhere in the text, and so is the name it
    abbreviates where no cue typed that name (``introduced_acronyms``); no place or demonym changes."""
    acronyms = introduced_acronyms(text)
    if not acronyms:
        return list(names)
    spans = set(acronyms.values())
    out = [replace(n, type="ORG") if n.type in ("", "ORG", "PER") and n.place is None and not n.demonym and (
        text[n.start:n.end] in acronyms or (n.start, n.end) in spans) else n for n in names]
    return out + [_Name(a, b, "ORG") for a, b in acronym_spans(text, acronyms, [(n.start, n.end) for n in out])]


def _reading(name: _Name, text: str, lex: Lexicon) -> str:
    if name.demonym:
        return "Demonym"
    after = text[name.end:name.end + 40]
    if any(after.startswith(suffix) for suffix in lex.modifier_suffixes):
        return "Non_Literal_Modifier"
    words = [w.lower() for w in re.findall(r"[\w']+", after.split("\n", 1)[0])[:2]]
    first, second = (words + ["", ""])[:2]
    if not after.startswith(" ") or not first:
        return "Literal"
    if first in lex.non_literal_heads:
        return "Non_Literal_Modifier"
    if first in lex.literal_heads:
        return "Literal_Modifier"
    if first in lex.metonymic_next or (first in lex.auxiliaries and second in lex.metonymic_next):
        return "Metonymic"
    return "Literal"


# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    type: str
    lemma: str
    attributes: dict[str, str]


def _triggers(sentence: Sentence, blocked: Sequence[tuple[int, int]], lex: Lexicon) -> list[_Trigger]:
    toks = sentence.tokens
    out: list[_Trigger] = []
    i = 0
    while i < len(toks):
        found = None
        for n in range(min(lex.longest_trigger, len(toks) - i), 0, -1):
            window = toks[i:i + n]
            key = tuple(t.text.lower() for t in window)
            if key not in lex.triggers:
                continue
            # Lower case in the text unless it opens the sentence: a capitalised "War" is part of a name.
            if any(t.text != t.text.lower() for t in window) and i != 0:
                continue
            if any(s < window[-1].end and window[0].start < e for s, e in blocked):
                continue
            # A hyphenated piece ("attack-proof", "post-war") is not a trigger of its own.
            if (i > 0 and toks[i - 1].text == "-" and toks[i - 1].end == window[0].start) or (
                    i + n < len(toks) and toks[i + n].text == "-" and toks[i + n].start == window[-1].end):
                continue
            found = (n, lex.triggers[key])
            break
        if found is None:
            i += 1
            continue
        n, (event_type, lemma) = found
        before = [t.text.lower() for t in toks[max(0, i - 3):i]]
        attrs = dict(lex.attribute_defaults)
        # "didn't" is tokenised as "didn", "'", "t".
        if any(w in lex.negation for w in before) or re.search(r"n [’'] t$", " ".join(before)):
            attrs["polarity"] = "NEGATIVE"
        if any(w in lex.future for w in before[-2:]):
            attrs["tense"], attrs["modality"] = "FUTURE", "OTHER"
        if any(w in lex.irrealis for w in before[-2:]) or (before and before[-1] in lex.infinitive):
            attrs["modality"] = "OTHER"
        out.append(_Trigger(toks[i].start, toks[i + n - 1].end, event_type, lemma, attrs))
        i += n
    return out


def _nearest(start: int, end: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The span closest to [start, end) (gap in code points; ties: the earlier span)."""
    def gap(s: tuple[int, int]) -> int:
        return max(s[0] - end, start - s[1], 0)
    return min(spans, key=lambda s: (gap(s), s[0], s[1]), default=None)


# --- the system -----------------------------------------------------------------------------------


def predict_document(doc: InputDocument, *, resolver: PlaceResolver | None = None,
                     ontology: Ontology | None = None) -> SubmissionDocument:
    """The rules baseline's predictions for one document's text."""
    resolver = resolver or default_resolver()
    ontology = ontology or load_ontology()
    lex = load_lexicon()
    text = doc.text
    timexes: tuple[TimexSpan, ...] = TimexTagger(text, doc.meta.anchor_date).find()
    timex_spans = [(t.start, t.end) for t in timexes]

    names: list[_Name] = []
    triggers: list[tuple[Sentence, _Trigger]] = []
    for sentence in split_sentences(text):
        found = _names(sentence, text, timex_spans, resolver, lex)
        names.extend(found)
        blocked = timex_spans + [(n.start, n.end) for n in found if n.type]
        triggers.extend((sentence, t) for t in _triggers(sentence, blocked, lex))
    people = [n for n in names if n.people]
    names = _recurring_names([n for n in names if not n.people], text)
    names = _acronym_names(names, text)
    names = _organisations_short_forms(names, text, lex)
    # A model designation names a product, which is no entity (GUIDELINES 2.1): "A380"; the maker right before one
    # is part of the product's name (R4): "Acme" in "Acme A320".
    names = [n for n in names if n.demonym or not names_a_product(text, n.start, n.end)]
    # A place named as a side of a sports result is the team, an organisation ("Belgium 3 – 0 Panama").
    teams = team_names(text, [(n.start, n.end) for n in names if n.place is not None and not n.demonym])
    names = [replace(n, type="ORG", place=None) if text[n.start:n.end] in teams and not n.demonym else n
             for n in names]
    spans, surnames = surname_mentions(text, [(n.start, n.end) for n in names if n.type == "PER"],
                                       [(n.start, n.end) for n in names])
    names = sorted({*names, *(_Name(s, e, "PER") for s, e in spans)}, key=lambda n: (n.start, n.end, n.type))
    full_names = {**_given_names(names, text), **surnames}
    # Second pass: each place name again, with the countries the document names as context.
    context = document_countries(n.place for n in names)
    names = [replace(n, place=resolver.place(text[n.start:n.end], context))
             if n.place is not None and not n.demonym else n for n in names]

    def key(n: _Name) -> str:
        if n.place is not None:
            p = n.place.place
            return f"place:{p.geonames_id}" if p.geonames_id is not None else f"place:{p.name}"
        surface = text[n.start:n.end]
        return f"{n.type}:{name_key(full_names.get(surface, surface) if n.type == 'PER' else surface)}"

    clusters = cluster_ids([key(n) for n in names] + [f"people:{text[n.start:n.end]}" for n in people])
    mentions = [PredictedMention(n.start, n.end, n.type, ontology.name_level, c)
                for n, c in zip(names, clusters[:len(names)], strict=True)]
    mentions += [*pronoun_mentions(text, mentions, ontology.pronoun_level),
                 *descriptor_mentions(text, mentions, ontology.nominal_level,
                                       frozenset(" ".join(d) for d in lex.org_descriptors))]
    # After the pronouns: a group named by its demonym is no antecedent of "he" or "she".
    mentions += [PredictedMention(n.start, n.end, "PER", ontology.nominal_level, c)
                 for n, c in zip(people, clusters[len(names):], strict=True)]
    toponyms: list[PredictedToponym] = [
        toponym(n.start, n.end, n.place, _reading(n, text, lex)) for n in names if n.place is not None
    ]

    place_types = set(ontology.role_entity_types["Place"])
    readings = {(n.start, n.end): _reading(n, text, lex) for n in names if n.place is not None}
    # A place argument is a name read as the place itself: not a demonym, an affiliation or a metonym.
    literal = [n for n in names if n.type in place_types
               and readings.get((n.start, n.end), "Literal") in ("Literal", "Literal_Modifier")]
    event_clusters = cluster_ids([f"{t.type}:{t.lemma}" for _, t in triggers])
    event_mentions: list[PredictedEventMention] = []
    for (sentence, t), cluster in zip(triggers, event_clusters, strict=True):
        roles = ontology.event_roles[t.type]
        in_sentence = lambda s, e: sentence.start <= s and e <= sentence.end  # noqa: E731
        arguments: list[PredictedArgument] = []
        if "Place" in roles:
            spans = [(n.start, n.end) for n in literal if in_sentence(n.start, n.end)]
            best = _nearest(t.start, t.end, spans)
            if best:
                arguments.append(PredictedArgument("Place", *best))
        if "Time" in roles:
            spans = [(x.start, x.end) for x in timexes if x.type in ("DATE", "TIME") and in_sentence(x.start, x.end)]
            best = _nearest(t.start, t.end, spans)
            if best:
                arguments.append(PredictedArgument("Time", *best))
        event_mentions.append(PredictedEventMention(t.start, t.end, t.type, cluster, dict(t.attributes),
                                                    tuple(arguments)))

    return SubmissionDocument(
        doc_id=doc.doc_id,
        mentions=sort_mentions(mentions),
        timexes=sort_timexes(PredictedTimex(t.start, t.end, t.type, t.value) for t in timexes),
        event_mentions=sort_event_mentions(event_mentions),
        toponyms=sort_toponyms(toponyms),
    )
