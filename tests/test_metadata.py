"""Review metadata read from the front pages (extract/metadata.py)."""

from extract.metadata import deceased_names


def test_every_deceased_a_coroners_report_names_once_each():
    text = ("On 20 November 2023 I opened an inquest into the death of Adam James Example who was aged 19. In "
            "addition upon 22 November 2023 I opened an inquest into the death of Peter John Sample. "
            "The death of Mr Adam Example was reported.")
    assert deceased_names(text) == "Adam James Example; Peter John Sample"
    assert deceased_names("no names here") is None


def test_several_deaths_in_one_sentence_and_other_openings():
    one = ("On 2 May 2020 I commenced an investigation into the deaths of Alan Thomas Example, age 21, and "
           "Brian Neil Sample (DOB 03.01.72 DOD 26.02.22). The investigation concluded.")
    assert deceased_names(one) == "Alan Thomas Example; Brian Neil Sample"
    assert deceased_names("into the deaths of Carol Example and her son Dean Sample (aged 2 years). Then") == \
        "Carol Example; Dean Sample"
    assert deceased_names("The inquest into Eric Michael Example’s death was opened on 2 May 2013.") == "Eric Michael Example"
    assert deceased_names("into the death of the child, Fay Example. The investigation") == "Fay Example"
    assert deceased_names("into the death of 49-year-old Gus Edward Example. The investigation") == "Gus Edward Example"
    assert deceased_names("Hal Example (date of birth 22.11.1957) of Lower Town died in a collision.") == "Hal Example"
    assert deceased_names("Ivy Carmen Example who died on 26 May 2014 at the scene") == "Ivy Carmen Example"
    assert deceased_names("The inquest was opened on 2 May 2017 and resumed with a jury.") is None


def test_an_alias_between_the_names_is_not_part_of_the_name():
    assert deceased_names("into the death of Andrew (also known as James) Example, aged 30 yrs.") == "Andrew Example"
    assert deceased_names("into the death of Bea (known as Trixie) Sample. The inquest") == "Bea Sample"
    # brackets that are not an alias stay out of the way as before
    assert deceased_names("Hal Example (date of birth 22.11.1957) died.") == "Hal Example"
