"""Russian and Ukrainian names in every case form link to the English pipeline's identities."""

from __future__ import annotations

import pytest


def ids(document):
    return {e.id for e in document.entities}


@pytest.mark.parametrize(
    "text",
    [
        "Вибухи пролунали у Києві.",
        "Взрывы прогремели в Киеве.",
        "Київ знову під обстрілом.",
        "Ракети летіли на Київ.",
    ],
)
def test_kyiv_in_every_case_and_both_languages_is_one_place(analyze, text):
    assert "place:kyiv" in ids(analyze(text))


def test_people_in_oblique_cases(analyze):
    doc = analyze("Путин встретился с Лукашенко, а Зеленский поговорил с Байденом.")
    assert {
        "person:vladimir-putin",
        "person:alexander-lukashenko",
        "person:volodymyr-zelensky",
        "person:joe-biden",
    } <= ids(doc)


def test_state_bodies_take_the_country_beside_them(analyze):
    ru = analyze("Минобороны России и Генштаб ВСУ опубликовали сводки.")
    uk = analyze("Міноборони Росії та Генштаб ЗСУ оприлюднили зведення.")
    assert {"org:defence-ministry-rus", "org:general-staff-ukr"} <= ids(ru)
    assert {"org:defence-ministry-rus", "org:general-staff-ukr"} <= ids(uk)


def test_equipment_designators(analyze):
    doc = analyze("Над Гомелем заметили Су-25, а под Мозырем — ЗРК «Тор-М2» и «Искандер».")
    assert {
        "equipment:su-25",
        "equipment:tor-m2",
        "equipment:iskander-m",
        "place:homel",
        "place:mazyr",
    } <= ids(doc)


def test_mentions_keep_the_original_text(analyze):
    doc = analyze("Взрывы прогремели в Киеве.")
    kyiv = doc.entity("place:kyiv")
    assert (kyiv.name, [m.text for m in kyiv.mentions]) == ("Kyiv", ["Киеве"])


def test_an_unknown_person_gets_a_latin_identity_and_the_surname_joins_it(analyze):
    doc = analyze("Командир Иван Петренко заявил, что бригада отошла. Петренко добавил, что потерь нет.")
    person = doc.entity("person:ivan-petrenko")
    assert person is not None and len(person.mentions) == 2


def test_every_official_and_system_of_the_knowledge_base_has_russian_and_ukrainian_names() -> None:
    """Officials and equipment link whatever the language (names keyed to the existing identities)."""
    from sitrep.knowledge import load_data
    from sitrep.knowledge._text import slug

    people = {f"person:{slug(p['name'])}" for p in load_data("people.yaml")["people"]}
    systems = {f"equipment:{s.get('key') or slug(s['name'])}" for s in load_data("equipment.yaml")["systems"]}
    for language in ("ru", "uk"):
        names = load_data(f"names_{language}.yaml")
        assert people <= set(names["people"]), sorted(people - set(names["people"]))
        assert systems <= set(names["equipment"]), sorted(systems - set(names["equipment"]))
        assert set(names["people"]) <= people and set(names["equipment"]) <= systems  # no stray keys


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Нарышкин встретился с Умеровым.", "ru", ["person:sergei-naryshkin", "person:rustem-umerov"]),
        ("Пісторіус зустрівся з Умєровим.", "uk", ["person:boris-pistorius", "person:rustem-umerov"]),
        (
            "Германия передала танки Т-64БВ и комплексы IRIS-T.",
            "ru",
            ["equipment:t-64bv", "equipment:iris-t-slm"],
        ),
        ("Росія випустила ракети Х-101 та «Калібр».", "uk", ["equipment:kh-101", "equipment:kalibr"]),
    ],
)
def test_new_cyrillic_names_link_to_the_identities(pipeline, text, language, expected) -> None:
    from sitrep.sources.reader import make_document

    ids = [e.id for e in pipeline(make_document(text, language=language)).entities]
    assert [i for i in ids if i in expected] == expected
