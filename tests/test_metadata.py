"""Review metadata read from the front pages (extract/metadata.py)."""

from extract.metadata import deceased_names


def test_every_deceased_a_coroners_report_names_once_each():
    text = ("On 20 November 2023 I opened an inquest into the death of Adam James Example who was aged 19. In "
            "addition upon 22 November 2023 I opened an inquest into the death of Peter John Sample. "
            "The death of Mr Adam Example was reported.")
    assert deceased_names(text) == "Adam James Example; Peter John Sample"
    assert deceased_names("no names here") is None
