"""The numbers of the image's own items are not identifiers: "Axial slice no. 29" was scrubbed to "[ID]" in a
multiple-choice option (suite K), and the option could no longer be read. Record numbers after "no." stay scrubbed."""

from __future__ import annotations

import pytest

from privacy.deid import scrub_text


@pytest.mark.parametrize("text", ["Axial slice no. 29", "Slice No. 135", "lesion no. 2 in segment no. 4",
                                  "image no. 7", "the tumour no. 3", "nodule no. 12 at level no. 40"])
def test_an_item_number_is_kept(text: str) -> None:
    assert scrub_text(text, model=False).text == text


@pytest.mark.parametrize(("text", "value"), [("Bed no. 12, MRN 1234567", "1234567"), ("ref no. 88123456", "88123456"),
                                             ("Case no. 2019-4471", "2019-4471"), ("Hospital No. 55120987", "55120987")])
def test_a_record_number_after_no_is_still_scrubbed(text: str, value: str) -> None:
    scrubbed = scrub_text(text, model=False).text
    assert value not in scrubbed and "[ID]" in scrubbed, scrubbed
