"""The unspin exception tree. Every error carries a code and a message that names the fix.

UnspinError                      exit 1
├── InputError                   exit 3   bad article input
│   ├── EmptyInputError          exit 4
│   ├── BinaryInputError         exit 5
│   ├── EncodingError            exit 6
│   ├── InputTooLargeError       exit 7
│   └── NoArticleBodyError       exit 8
├── FetchError                   exit 10  URL fetching
│   ├── BlockedAddressError      exit 11  private/loopback/link-local/multicast target
│   ├── FetchTimeoutError        exit 12
│   ├── ResponseTooLargeError    exit 13
│   ├── ContentTypeError         exit 14
│   └── TooManyRedirectsError    exit 15
├── ConfigError                  exit 20  settings, registry names, unknown stages
├── ModelError                   exit 21  a model or data resource is missing or broken
├── PipelineError                exit 22  a stage broke the stage contract
├── SpanError                    exit 23  an offset outside the text
├── SchemaError                  exit 24  output that does not validate
└── StoreError                   exit 30  the store cannot be opened, read or written
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base of every error unspin raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(UnspinError):
    exit_code = 3


class EmptyInputError(InputError):
    exit_code = 4


class BinaryInputError(InputError):
    exit_code = 5


class EncodingError(InputError):
    exit_code = 6


class InputTooLargeError(InputError):
    exit_code = 7


class NoArticleBodyError(InputError):
    exit_code = 8


class FetchError(UnspinError):
    exit_code = 10


class BlockedAddressError(FetchError):
    exit_code = 11


class FetchTimeoutError(FetchError):
    exit_code = 12


class ResponseTooLargeError(FetchError):
    exit_code = 13


class ContentTypeError(FetchError):
    exit_code = 14


class TooManyRedirectsError(FetchError):
    exit_code = 15


class ConfigError(UnspinError):
    exit_code = 20


class ModelError(UnspinError):
    exit_code = 21


class PipelineError(UnspinError):
    exit_code = 22


class SpanError(UnspinError):
    exit_code = 23


class SchemaError(UnspinError):
    exit_code = 24


class StoreError(UnspinError):
    """The store cannot be opened, read or written; the message names the file and the fix."""

    exit_code = 30
