"""Every line the exercise checker can print, in English and in Roman Urdu.

The checks never build sentences themselves: they return
[Finding][archbook.learning.checker.feedback.Finding] values (a message key and
its parameters), and [render][archbook.learning.checker.feedback.render] looks the
key up in the dictionary of the chosen language. To change a wording, change it
here; to add a language, add one dictionary with the same keys and placeholders.

Placeholders whose value is a [Term][archbook.learning.checker.feedback.Term]
(a type name such as "a whole number") are translated too, and one whose value
is a [ByLanguage][archbook.learning.checker.feedback.ByLanguage] (a file name and
its Roman Urdu twin) is shown in the chosen language.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from archbook.core.languages import ENGLISH, ROMAN_URDU, check_language

ENGLISH_MESSAGES: dict[str, str] = {
    # Reading the file: these stop the check (no further lines).
    "file_not_found": "Cannot find the file {path}: check the path and try again.",
    "is_directory": "{path} is a folder, not a file: give the path of your {expected} file.",
    "not_regular_file": "{path} is not a regular file (a pipe or a device?): save your work as {expected} and give its path.",
    "unreadable": "Cannot read {path} ({reason}): check the file's permissions.",
    "not_utf8": "{path} is not UTF-8 text: save it with UTF-8 encoding and run the checker again.",
    "file_too_large": "{path} is larger than {limit} KiB: a submission is a short text file; check that you gave the right file.",
    "bad_yaml": "{path} is not valid YAML (line {line}: {problem}): check the indentation and quoting on and just above that line.",
    "bad_yaml_no_line": "{path} is not valid YAML ({problem}): compare its layout with the starter template.",
    "empty_file": "{path} is empty: copy the starter template {starter} and fill it in.",
    "not_mapping": "{path} should start with the sections of the starter template (a mapping), not {got}: copy the template {starter} and fill it in.",
    # Usage errors.
    "unknown_exercise": "Unknown exercise '{given}': give a number from 1 to 5 or a folder name such as 03-decision-matrix.",
    "internal_error": "The checker hit an unexpected error ({error}): please report it together with the file you checked.",
    # Summaries.
    "summary_ok": "{name}: all checks passed. The checker sees structure and arithmetic only: now compare your work with the rubric and the model answer, and ask a colleague to review it.",
    "summary_problems": "{name}: {count} problem(s) found. Fix them and run the checker again.",
    "at_line": "line {line}: {message}",
    # Structure, shared by every YAML exercise.
    "missing_field": "{field} is missing: add it as in the starter template.",
    "empty_text": "{field} is empty: fill it in (the comment beside it in the starter template says what goes there).",
    "wrong_type": "{field} should be {expected}, not {got}.",
    "unknown_field": "{field} is not a field of this exercise: check its spelling or remove it.",
    "duplicate_id": "The id '{id}' is used more than once in {field}: give every item its own id.",
    "too_few": "{field} has {count} item(s): list at least {minimum}.",
    "not_positive": "{field} is {value}: it must be greater than 0.",
    "not_finite": "{field} is {value}: write an ordinary number (infinity and 'not a number' cannot be checked).",
    "too_large": "{field} is {value}: that is beyond any real plan; use a figure of at most {limit}.",
    # Exercise 1: feature sketch.
    "fs.no_data_location": "Component '{component}' does not say where its data lives: fill in data_lives_in (write 'stateless' and what it reads if it keeps nothing).",
    "fs.unknown_dependency": "Component '{component}' depends on '{target}', which is not in the components list: add '{target}' as a component or fix the id.",
    "fs.self_dependency": "Component '{component}' depends on itself: remove '{component}' from its own depends_on.",
    "fs.isolated": "Component '{component}' is not connected: it depends on nothing and nothing depends on it. Connect it to the sketch or remove it.",
    "fs.unknown_breaking_point": "breaks_first_under_load names '{component}', which is not in the components list: name one of {components}.",
    # Exercise 2: reference architecture.
    "ra.unknown_reference": "'{source}' lists '{target}' under {field}, but no component, state store or agent has that id: add it or fix the id.",
    "ra.unknown_state": "Agent '{agent}' keeps its state in '{store}', which is not one of the state stores ({stores}): use one of them or add the store.",
    "ra.no_failure": "Agent '{agent}' has no on_failure: say how its failure is detected, where the work falls back to, and what the customer sees.",
    "ra.unknown_fallback": "Agent '{agent}' falls back to '{target}', which is not a known agent or component: use one of {known}.",
    "ra.self_fallback": "Agent '{agent}' falls back to itself: name another agent, a component or the human desk that takes over.",
    # Exercise 3: decision matrix.
    "dm.weights_sum": "Weights add up to {total}, not 100: raise or lower them until they total 100.",
    "dm.weight_range": "Criterion '{criterion}' has weight {weight}: use a whole number from 1 to 100 (drop a criterion that does not matter).",
    "dm.missing_score": "Option '{option}' has no score for criterion '{criterion}': add a whole number from 1 to 5.",
    "dm.unknown_score": "Option '{option}' scores '{criterion}', which is not a criterion id: fix the id or remove that score.",
    "dm.bad_score": "Option '{option}' scores '{criterion}' as {score}: use a whole number from 1 to 5.",
    "dm.no_decision": "decision is empty: set it to the id of the option you choose ({options}).",
    "dm.no_rationale": "The rationale is empty: explain in a few sentences which criteria settled your decision.",
    "dm.unknown_decision": "The decision '{decision}' is not an option id: set decision to one of {options}.",
    "dm.short_rationale": "The rationale has only {count} word(s): explain the decision in at least {minimum} words, naming the criteria that settled it.",
    "dm.not_top": "Your decision '{decision}' scores {score}, but '{top}' has the top weighted score ({top_score}): say in the rationale why you chose against '{top}'.",
    # Exercise 4: scaling and cost plan.
    "cp.cost_mismatch": "monthly_token_cost is {stated} USD, but the baseline figures give {computed} USD ({formula}): recheck the arithmetic.",
    "cp.cache_ignored": "monthly_token_cost_with_cache equals the cost without a cache: apply the hit rate, {baseline} x (1 - {hit_rate}) = {computed} USD.",
    "cp.cache_mismatch": "monthly_token_cost_with_cache is {stated} USD, but {baseline} x (1 - {hit_rate}) = {computed} USD: use the hit rate you stated.",
    "cp.spike_from_baseline": "monthly_token_cost_at_10x is 10 x the cost without a cache; the cache keeps working during the spike, so use 10 x the with-cache cost: {computed} USD.",
    "cp.spike_mismatch": "monthly_token_cost_at_10x is {stated} USD, but 10 x the with-cache cost is {computed} USD: recheck the arithmetic.",
    "cp.hit_rate_percent": "hit_rate is {value}: write it as a fraction between 0 and 1 (0.30 for 30%).",
    "cp.hit_rate_range": "hit_rate is {value}: it must be at least 0 and below 1.",
    "cp.hit_rate_zero": "hit_rate is 0, so the cache saves nothing: state the share of requests you expect it to answer.",
    "cp.no_scaling_concept": "spike_10x.scaling does not say how the system scales: name the mechanism (horizontal scaling of a named part, autoscaling limits, provider rate limits).",
    "cp.no_queue_concept": "spike_10x.queuing does not name a queue: say which queue absorbs the spike and what waits in it.",
    # Exercise 5: ADR.
    "adr.no_title": "The ADR has no title: start it with a '# ' heading that states the decision.",
    "adr.missing_section": "The section '{section}' is missing: add a '## {section}' heading with its content.",
    "adr.empty_section": "The section '{section}' is empty: replace the template's prompt with your own text.",
    "adr.placeholder": "The ADR still contains template text ('{text}'): replace it with your own.",
    "adr.few_options": "'Considered options' lists {count} option(s): list at least two, one bullet each.",
    "adr.few_metrics": "'Success metrics' has {count} measurable metric(s): give at least two, each with a number and a unit (for example 'p95 latency under 2.5 s').",
    "adr.unmeasurable_metric": "The metric '{text}' has no number with a unit: make it measurable (for example 'within 60 seconds' or 'under USD 9,000 a month').",
    "adr.few_checklist": "The compliance checklist has {count} item(s): list at least 3, each as '- [x] ...' (done) or '- [ ] ...' (still open).",
    "adr.not_checkbox": "Checklist line '{text}' is not a checkbox: write it as '- [x] ...' or '- [ ] ...'.",
    "adr.too_long": "The ADR has {count} words: a one-page ADR stays under {limit}, so move detail into the architecture document.",
    # Type names used in wrong_type and not_mapping.
    "type.text": "text",
    "type.whole_number": "a whole number",
    "type.number": "a number",
    "type.list": "a list",
    "type.mapping": "a mapping (key: value lines)",
    "type.nothing": "nothing",
    "type.bool": "true/false",
}
"""English feedback, by message key."""

ROMAN_URDU_MESSAGES: dict[str, str] = {
    "file_not_found": "File {path} nahin mili: path check karein aur dobara koshish karein.",
    "is_directory": "{path} ek folder hai, file nahin: apni {expected} file ka path dein.",
    "not_regular_file": "{path} aam file nahin (shayad pipe ya device): apna kaam {expected} ke naam se save karein aur us ka path dein.",
    "unreadable": "{path} parhi nahin ja saki ({reason}): file ki permissions check karein.",
    "not_utf8": "{path} UTF-8 text nahin hai: file ko UTF-8 encoding mein save karein aur checker dobara chalayein.",
    "file_too_large": "{path} {limit} KiB se bari hai: submission ek chhoti si text file hoti hai; dekh lein ke aap ne sahi file di hai.",
    "bad_yaml": "{path} durust YAML nahin hai (line {line}: {problem}): us line aur us se ooper wali line ki indentation aur quotes check karein.",
    "bad_yaml_no_line": "{path} durust YAML nahin hai ({problem}): is ki tarteeb starter template se mila kar dekhein.",
    "empty_file": "{path} khaali hai: starter template {starter} copy karein aur use bharein.",
    "not_mapping": "{path} starter template ke hisson (ek mapping) se shuru honi chahiye, {got} se nahin: template {starter} copy karein aur use bharein.",
    "unknown_exercise": "Mashq '{given}' maloom nahin: 1 se 5 tak ka number dein ya folder ka naam, jaise 03-decision-matrix.",
    "internal_error": "Checker ko ek ghair mutawaqqa ghalti pesh aayi ({error}): barah-e-karam yeh report karein aur check ki gayi file saath bhejein.",
    "summary_ok": "{name}: saare checks paas ho gaye. Checker sirf dhaancha aur hisaab dekhta hai: ab apna kaam rubric aur model answer se mila kar dekhein, aur kisi saathi se jaiza karwayein.",
    "summary_problems": "{name}: {count} masla (masail) mila. Inhein theek karein aur checker dobara chalayein.",
    "at_line": "line {line}: {message}",
    "missing_field": "{field} maujood nahin: starter template ki tarah ise shamil karein.",
    "empty_text": "{field} khaali hai: ise bharein (starter template mein is ke saath wala comment batata hai ke yahan kya likhna hai).",
    "wrong_type": "{field} {expected} hona chahiye, {got} nahin.",
    "unknown_field": "{field} is mashq ka field nahin: spelling check karein ya ise hata dein.",
    "duplicate_id": "Id '{id}' {field} mein ek se zyada baar aayi hai: har item ki apni id rakhein.",
    "too_few": "{field} mein {count} item hain: kam az kam {minimum} likhein.",
    "not_positive": "{field} ki value {value} hai: yeh 0 se zyada honi chahiye.",
    "not_finite": "{field} ki value {value} hai: aam number likhein (infinity aur 'not a number' check nahin ho sakte).",
    "too_large": "{field} ki value {value} hai: yeh kisi bhi asal plan se kahin bara figure hai; zyada se zyada {limit} tak likhein.",
    "fs.no_data_location": "Component '{component}' yeh nahin batata ke us ka data kahan rehta hai: data_lives_in bharein (agar woh kuch nahin rakhta to 'stateless' likhein aur yeh ke woh kya parhta hai).",
    "fs.unknown_dependency": "Component '{component}' '{target}' par depend karta hai, jo components ki list mein nahin: '{target}' ko component ke taur par shamil karein ya id theek karein.",
    "fs.self_dependency": "Component '{component}' khud par depend karta hai: '{component}' ko us ki apni depends_on se hata dein.",
    "fs.isolated": "Component '{component}' kisi se juda hua nahin: na woh kisi par depend karta hai, na koi us par. Ise khaake se jorein ya hata dein.",
    "fs.unknown_breaking_point": "breaks_first_under_load mein '{component}' likha hai, jo components ki list mein nahin: {components} mein se ek ka naam likhein.",
    "ra.unknown_reference": "'{source}' ki {field} mein '{target}' likha hai, lekin kisi component, state store ya agent ki yeh id nahin: ise shamil karein ya id theek karein.",
    "ra.unknown_state": "Agent '{agent}' apni state '{store}' mein rakhta hai, jo state stores ({stores}) mein se nahin: in mein se ek istemal karein ya store shamil karein.",
    "ra.no_failure": "Agent '{agent}' ka on_failure nahin: likhein ke us ki nakami kaise pakri jati hai, kaam kis ke paas jata hai, aur customer ko kya nazar aata hai.",
    "ra.unknown_fallback": "Agent '{agent}' ka fallback '{target}' hai, jo koi maloom agent ya component nahin: {known} mein se ek istemal karein.",
    "ra.self_fallback": "Agent '{agent}' ka fallback woh khud hai: koi doosra agent, component ya woh human desk likhein jo kaam sambhalta hai.",
    "dm.weights_sum": "Weights ka jor {total} hai, 100 nahin: inhein itna kam ya zyada karein ke jor 100 ho jaye.",
    "dm.weight_range": "Criterion '{criterion}' ka weight {weight} hai: 1 se 100 tak ka poora number istemal karein (jo criterion ahem nahin use hata dein).",
    "dm.missing_score": "Option '{option}' ka criterion '{criterion}' par koi score nahin: 1 se 5 tak ka poora number dein.",
    "dm.unknown_score": "Option '{option}' ne '{criterion}' ko score diya hai, jo kisi criterion ki id nahin: id theek karein ya yeh score hata dein.",
    "dm.bad_score": "Option '{option}' ne '{criterion}' ko {score} diya hai: 1 se 5 tak ka poora number istemal karein.",
    "dm.no_decision": "decision khaali hai: us option ki id likhein jo aap chunte hain ({options}).",
    "dm.no_rationale": "Rationale khaali hai: chand jumlon mein samjhayein ke kin criteria ne faisla tay kiya.",
    "dm.unknown_decision": "Faisla '{decision}' kisi option ki id nahin: decision mein {options} mein se ek likhein.",
    "dm.short_rationale": "Rationale mein sirf {count} lafz hain: faisle ko kam az kam {minimum} alfaaz mein samjhayein, aur un criteria ke naam lein jin se faisla hua.",
    "dm.not_top": "Aap ke faisle '{decision}' ka score {score} hai, lekin sab se zyada weighted score '{top}' ka hai ({top_score}): rationale mein likhein ke aap ne '{top}' kyun nahin chuna.",
    "cp.cost_mismatch": "monthly_token_cost {stated} USD hai, lekin baseline ke figures se {computed} USD banta hai ({formula}): hisaab dobara check karein.",
    "cp.cache_ignored": "monthly_token_cost_with_cache baghair cache wali cost ke barabar hai: hit rate lagayein, {baseline} x (1 - {hit_rate}) = {computed} USD.",
    "cp.cache_mismatch": "monthly_token_cost_with_cache {stated} USD hai, lekin {baseline} x (1 - {hit_rate}) = {computed} USD: apna bataya hua hit rate istemal karein.",
    "cp.spike_from_baseline": "monthly_token_cost_at_10x baghair cache wali cost ka 10 guna hai; spike ke dauran bhi cache kaam karta hai, is liye cache wali cost ka 10 guna lein: {computed} USD.",
    "cp.spike_mismatch": "monthly_token_cost_at_10x {stated} USD hai, lekin cache wali cost ka 10 guna {computed} USD hai: hisaab dobara check karein.",
    "cp.hit_rate_percent": "hit_rate {value} hai: ise 0 aur 1 ke darmiyan fraction ki shakal mein likhein (30% ke liye 0.30).",
    "cp.hit_rate_range": "hit_rate {value} hai: yeh kam az kam 0 aur 1 se kam hona chahiye.",
    "cp.hit_rate_zero": "hit_rate 0 hai, yani cache kuch nahin bachata: likhein ke aap ke andaze mein cache kitni requests ka jawab dega.",
    "cp.no_scaling_concept": "spike_10x.scaling yeh nahin batata ke system kaise scale karta hai: tareeqa likhein (kisi khaas hisse ki horizontal scaling, autoscaling ki hudood, provider ki rate limits).",
    "cp.no_queue_concept": "spike_10x.queuing mein kisi queue ka naam nahin: likhein ke kaun si queue spike ko sambhalti hai aur us mein kya intezar karta hai.",
    "adr.no_title": "ADR ka koi title nahin: ise '# ' heading se shuru karein jo faisla bataye.",
    "adr.missing_section": "Hissa '{section}' maujood nahin: '## {section}' heading aur us ka mawad shamil karein.",
    "adr.empty_section": "Hissa '{section}' khaali hai: template ki hidayaat ki jagah apni baat likhein.",
    "adr.placeholder": "ADR mein abhi tak template ka text ('{text}') maujood hai: us ki jagah apni baat likhein.",
    "adr.few_options": "'Considered options' mein {count} option hain: kam az kam do likhein, har ek alag bullet mein.",
    "adr.few_metrics": "'Success metrics' mein {count} naapne ke qabil metric hain: kam az kam do dein, har ek mein number aur unit ho (masalan 'p95 latency under 2.5 s').",
    "adr.unmeasurable_metric": "Metric '{text}' mein unit ke saath koi number nahin: ise naapne ke qabil banayein (masalan 'within 60 seconds' ya 'under USD 9,000 a month').",
    "adr.few_checklist": "Compliance checklist mein {count} item hain: kam az kam 3 likhein, har ek '- [x] ...' (ho gaya) ya '- [ ] ...' (abhi baqi) ki shakal mein.",
    "adr.not_checkbox": "Checklist ki line '{text}' checkbox nahin: ise '- [x] ...' ya '- [ ] ...' ki shakal mein likhein.",
    "adr.too_long": "ADR mein {count} alfaaz hain: ek safhe ka ADR {limit} se kam rehta hai, is liye tafseel architecture document mein le jayein.",
    "type.text": "text",
    "type.whole_number": "poora number",
    "type.number": "number",
    "type.list": "list",
    "type.mapping": "mapping (key: value wali lines)",
    "type.nothing": "khaali",
    "type.bool": "true/false",
}
"""Roman Urdu feedback, by message key (spellings from ``data/glossary.yml``)."""

MESSAGES: dict[str, dict[str, str]] = {ENGLISH: ENGLISH_MESSAGES, ROMAN_URDU: ROMAN_URDU_MESSAGES}
"""The feedback dictionaries, by language code."""


@dataclass(frozen=True)
class Term:
    """A parameter value that is itself a message key (translated when rendered)."""

    key: str


@dataclass(frozen=True)
class ByLanguage:
    """A parameter value given in each language: a starter file and its Roman Urdu twin."""

    english: str
    roman_urdu: str

    def text(self, lang: str) -> str:
        """The value in ``lang``."""
        return self.roman_urdu if check_language(lang) == ROMAN_URDU else self.english


@dataclass(frozen=True)
class Finding:
    """One problem in a submission: a message key, its parameters and maybe a line."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` in a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def message(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled in."""
    table = MESSAGES[check_language(lang)]
    values = {name: table[value.key] if isinstance(value, Term)
              else value.text(lang) if isinstance(value, ByLanguage) else value
              for name, value in params.items()}
    return table[key].format(**values)


def render(finding: Finding, lang: str, path: str | None = None) -> str:
    """One feedback line for ``finding`` in ``lang``.

    With ``path`` (the command line's way), the line starts with the file and
    line as compilers and editors write them, ``plan.yaml:8: ...`` (the file
    alone when the problem has no line); without, with "line 8:" in ``lang``.
    """
    text = message(finding.key, lang, **finding.params)
    if path is not None:
        return f"{path}:{finding.line}: {text}" if finding.line is not None else f"{path}: {text}"
    if finding.line is not None:
        return message("at_line", lang, line=finding.line, message=text)
    return text
