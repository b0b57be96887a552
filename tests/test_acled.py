"""The acled stage: ACLED types and actor columns an ACLED coder would give, on sentences written here.

One sentence per sub-event type of the codebook (battles, explosions/remote violence, violence
against civilians, protests, riots, strategic developments), the protest forms of real notes (a
single-person picket, a nominal protest, a protest broken up in the next sentence), and events
ACLED would not code.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.model import Document, Event, Evidence
from sitrep.pipeline.acled import code_events
from sitrep.pipeline.acled_rules import acled_rules

BATTLES, REMOTE, CIVILIANS = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

SUB_EVENT_SENTENCES = [
    ("On 5 June 2022, Ukrainian troops clashed with Russian forces near Izium.", BATTLES, "Armed clash"),
    (
        "On 11 September 2022, Ukrainian forces recaptured the town of Kupiansk.",
        BATTLES,
        "Government regains territory",
    ),
    (
        "On 11 September 2022, Ukrainian forces regained control over Balakliia.",
        BATTLES,
        "Government regains territory",
    ),
    (
        "On 3 July 2022, Russian forces captured the city of Lysychansk.",
        BATTLES,
        "Non-state actor overtakes territory",
    ),
    (
        "On 8 April 2022, Russian forces shelled Kharkiv with artillery.",
        REMOTE,
        "Shelling/artillery/missile attack",
    ),
    ("On 14 July 2022, a Russian missile strike hit Vinnytsia.", REMOTE, "Shelling/artillery/missile attack"),
    ("On 10 October 2022, Russian drones struck Kyiv.", REMOTE, "Air/drone strike"),
    ("On 16 March 2022, Russian warplanes bombed Mariupol.", REMOTE, "Air/drone strike"),
    (
        "On 2 May 2022, two soldiers were killed when their vehicle hit a landmine near Izium.",
        REMOTE,
        "Remote explosive/landmine/IED",
    ),
    ("On 4 March 2022, Russian soldiers shot three civilians in Bucha.", CIVILIANS, "Attack"),
    (
        "On 12 March 2022, Russian troops abducted the mayor of Melitopol.",
        CIVILIANS,
        "Abduction/forced disappearance",
    ),
    ("In March 2022, soldiers sexually abused a woman in a village near Kyiv.", CIVILIANS, "Sexual violence"),
    (
        "On 6 March 2022, about 200 residents gathered in Tomsk to protest against the war.",
        PROTESTS,
        "Peaceful protest",
    ),
    ("On 2 April 2022, an activist held a one-person picket in Perm.", PROTESTS, "Peaceful protest"),
    ("A protest by farmers was held in Orel on 9 May 2022.", PROTESTS, "Peaceful protest"),
    ("On 7 May 2022, pensioners took part in a rally in Tula.", PROTESTS, "Peaceful protest"),
    (
        "On 6 March 2022, about 40 people rallied in Chita against the war. "
        "Police dispersed the rally and detained 12 participants.",
        PROTESTS,
        "Protest with intervention",
    ),
    (
        "On 25 September 2022, police opened fire on protesters in Endirei, killing two of them.",
        PROTESTS,
        "Excessive force against protesters",
    ),
    (
        "On 25 September 2022, protesters in Makhachkala smashed the windows of a police car.",
        RIOTS,
        "Violent demonstration",
    ),
    ("On 20 August 2021, a crowd of local men beat two migrant workers in Yakutsk.", RIOTS, "Mob violence"),
    (
        "On 24 February 2022, Russian police arrested the opposition politician Ilya Yashin in Moscow.",
        STRATEGIC,
        "Arrests",
    ),
    ("In March 2022, Russian soldiers looted shops in Kherson.", STRATEGIC, "Looting/property destruction"),
    (
        "In March 2022, Russian soldiers set fire to houses in Bucha.",
        STRATEGIC,
        "Looting/property destruction",
    ),
    (
        "On 11 November 2022, Russian forces withdrew from Kherson.",
        STRATEGIC,
        "Non-violent transfer of territory",
    ),
    ("On 21 September 2022, Russia and Ukraine agreed on a prisoner exchange.", STRATEGIC, "Agreement"),
    (
        "In April 2022, Russian troops set up a base near Melitopol.",
        STRATEGIC,
        "Headquarters or base established",
    ),
    (
        "On 10 October 2022, Ukrainian air defence shot down 20 drones over Kyiv.",
        STRATEGIC,
        "Disrupted weapons use",
    ),
    ("On 21 September 2022, Russia announced a partial mobilization.", STRATEGIC, "Change to group/activity"),
    ("On 24 February 2022, Ukraine declared martial law.", STRATEGIC, "Other"),
]


def _coded(document: Document) -> list[Event]:
    return [e for e in document.events if e.acled_event_type]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), SUB_EVENT_SENTENCES)
def test_each_sub_event_type(analyze, text: str, event_type: str, sub_event_type: str) -> None:
    coded = _coded(analyze(text))
    assert [(e.acled_event_type, e.acled_sub_event_type) for e in coded] == [(event_type, sub_event_type)]


def test_every_sub_event_type_named_in_the_brief_has_a_sentence() -> None:
    covered = {(t, s) for _, t, s in SUB_EVENT_SENTENCES}
    codebook = {(t, s) for t, subs in acled_rules().event_types.items() for s in subs}
    # Suicide bombs, chemical weapons and grenades are in the codebook but outside this brief.
    rare = {(REMOTE, "Suicide bomb"), (REMOTE, "Chemical weapon"), (REMOTE, "Grenade")}
    assert codebook - covered == rare


def test_protest_with_intervention_names_the_police_as_actor2(analyze) -> None:
    text = (
        "On 6 March 2022, about 40 people rallied in Chita against the war. "
        "Police dispersed the rally and detained 12 participants."
    )
    [protest] = _coded(analyze(text))
    assert (protest.type, protest.trigger, protest.time.start) == ("PROTEST", "rallied", date(2022, 3, 6))
    assert protest.actor_kinds == ["protesters"]
    assert protest.acled_actors == {
        "actor1": "Protesters (Russia)",
        "inter1": 6,
        "actor2": "Police Forces of Russia (2000-)",
        "inter2": 1,
    }


def test_peaceful_protest_has_no_actor2_and_the_war_it_opposes_is_no_event(analyze) -> None:
    document = analyze(
        "On 6 March 2022, residents gathered in Tomsk to protest against the Russian invasion."
    )
    [protest] = _coded(document)
    assert protest.acled_actors == {"actor1": "Protesters (Russia)", "inter1": 6, "actor2": "", "inter2": 0}
    invasion = [e for e in document.events if e.trigger == "invasion"]
    assert all(e.acled_event_type is None for e in invasion)


def test_shelling_names_the_attacker_and_the_civilians_hit(analyze) -> None:
    [shelling] = _coded(analyze("On 8 April 2022, Russian forces shelled Kharkiv with artillery."))
    assert (shelling.actor_kinds, shelling.recipient_kinds) == (["state_forces"], ["civilians"])
    assert shelling.acled_actors == {
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": 1,
        "actor2": "Civilians (Ukraine)",
        "inter2": 7,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Putin met Lukashenko in Minsk on 19 December 2022.",
        "Russia will attack Kyiv again next week.",
        "Lukashenko denied that Belarusian troops attacked Ukraine.",
        "Poland sent 200 T-72 tanks to Ukraine in April.",
        "Russia protested to the Polish ambassador on Monday.",
    ],
)
def test_events_acled_would_not_code_get_none(analyze, text: str) -> None:
    document = analyze(text)
    assert document.events, "the sentence should still give a PLOVER event"
    assert _coded(document) == []
    assert all(e.acled_actors == {} for e in document.events)


def test_background_arrest_is_no_intervention(analyze) -> None:
    text = (
        "On 14 August 2021, protesters gathered in Novosibirsk to demand the release of a former governor, "
        "who was arrested in July 2020."
    )
    coded = _coded(analyze(text))
    assert [(e.trigger, e.acled_sub_event_type) for e in coded] == [("gathered", "Peaceful protest")]


def test_the_rules_work_without_a_parse() -> None:
    """Stored documents have no spaCy parse: the rules read the trigger words and the sentence."""
    text = "Russian drones struck Kyiv. Ukrainian troops clashed with Russian forces."
    drone = Event("e1", "ASSAULT", Evidence(15, 21, "Russian drones struck Kyiv.", 0), trigger="struck")
    drone.mode, drone.actor_texts = "drone", ["Russian drones"]
    clash = Event(
        "e2",
        "ASSAULT",
        Evidence(45, 52, "Ukrainian troops clashed with Russian forces.", 28),
        trigger="clashed",
    )
    clash.actor_texts = ["Ukrainian troops"]
    denied = Event("e3", "ASSAULT", Evidence(45, 52, clash.evidence.sentence, 28), trigger="clashed")
    denied.modality = "negated"
    document = Document(text, events=[drone, clash, denied])
    code_events(document)
    assert [(e.acled_event_type, e.acled_sub_event_type) for e in document.events] == [
        (REMOTE, "Air/drone strike"),
        (BATTLES, "Armed clash"),
        (None, None),
    ]
    assert drone.actor_kinds == ["state_forces"] and clash.actor_kinds == ["state_forces"]
    assert drone.acled_actors["actor1"] == "Military Forces" and drone.acled_actors["inter1"] == 1


def test_campaigns_and_history_are_no_acled_events(analyze) -> None:
    campaign = analyze("The EU condemned Russia's attacks on civilians in Kyiv and other cities.")
    assert [e.trigger for e in campaign.events if e.type == "ASSAULT"] == ["attacks"]
    assert _coded(campaign) == []
    history = analyze(
        "In 1949, Soviet security forces shot dozens of officials in Leningrad.", date(2022, 8, 1)
    )
    assert [e.type for e in history.events] == ["ASSAULT"]
    assert _coded(history) == []
    recent = analyze(
        "On 29 July 2022, Russian forces shot dozens of prisoners in Olenivka.", date(2022, 8, 1)
    )
    assert [(e.acled_event_type, e.acled_sub_event_type) for e in _coded(recent)] == [(CIVILIANS, "Attack")]


def test_events_of_no_relevance_to_conflict_or_politics_are_not_coded() -> None:
    crime = Event("e1", "ASSAULT", Evidence(7, 11, "A gang shot a shopkeeper.", 0), trigger="shot")
    crime.mode, crime.actor_texts, crime.recipient_texts = "firearms", ["A gang"], ["a shopkeeper"]
    document = Document("A gang shot a shopkeeper.", events=[crime])
    code_events(document)
    assert (crime.acled_event_type, crime.acled_sub_event_type) == (CIVILIANS, "Attack")
    crime.relevance = "other"
    code_events(document)
    assert crime.acled_event_type is None and crime.acled_actors == {}
