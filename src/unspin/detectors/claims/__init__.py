"""Claims: attributions (who says what), author assertions, certainty cues, sourcing profile."""

from unspin.detectors.claims.detectors import (
    AssertionDetector,
    AttributionDetector,
    CertaintyDetector,
    ClaimsDetector,
    ProfileDetector,
)
from unspin.detectors.claims.findings import (
    Attribution,
    AuthorAssertion,
    CertaintyCue,
    SourcingProfile,
)

__all__ = [
    "AssertionDetector",
    "Attribution",
    "AttributionDetector",
    "AuthorAssertion",
    "CertaintyCue",
    "CertaintyDetector",
    "ClaimsDetector",
    "ProfileDetector",
    "SourcingProfile",
]
