"""A local Hugging Face vision-language model as a reasoner (Qwen2-VL / Qwen2.5-VL as the reference).

`Config(reasoner="transformers", reasoner_options={"model_path": "/models/Qwen2.5-VL-7B-Instruct"})`.
The model sees the evidence and the cited criteria in its prompt and the key slices with ROI
contours as images, as CARE and VILA-M3 feed expert evidence to a VLM. Weights load lazily on
the first answer, from a local folder only (never downloaded), on CUDA when available.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agents.reasoners.base import ReasonerError, ReasonerInput, ReasonerUnavailable, register
from agents.reasoners.prompt import SYSTEM, ParseError, parse_reply, user_prompt
from core.case import Answer


@contextlib.contextmanager
def _without_video_processor() -> Iterator[None]:
    """Lets a processor be built with no video processor (transformers checks even a None one)."""
    from transformers.processing_utils import ProcessorMixin

    original = ProcessorMixin.check_argument_for_proper_class

    def check(self: Any, name: str, argument: Any) -> Any:
        if argument is None and name == "video_processor":
            return None
        return original(self, name, argument)

    ProcessorMixin.check_argument_for_proper_class = check  # type: ignore[method-assign]
    try:
        yield
    finally:
        ProcessorMixin.check_argument_for_proper_class = original  # type: ignore[method-assign]


def load_processor(path: Path) -> Any:
    """`AutoProcessor` from a local folder; without torchvision (which video processors need), the
    model's processor class built from its tokenizer and image processor alone."""
    import transformers
    from transformers import AutoConfig, AutoImageProcessor, AutoProcessor, AutoTokenizer
    from transformers.models.auto.processing_auto import PROCESSOR_MAPPING_NAMES

    try:
        return AutoProcessor.from_pretrained(path, local_files_only=True)
    except ImportError:
        model_type = AutoConfig.from_pretrained(path, local_files_only=True).model_type
        processor_class = getattr(transformers, PROCESSOR_MAPPING_NAMES[model_type])
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        image_processor = AutoImageProcessor.from_pretrained(path, local_files_only=True)
        with _without_video_processor():
            return processor_class(image_processor=image_processor, tokenizer=tokenizer, video_processor=None,
                                   chat_template=tokenizer.chat_template)


WEIGHT_PATTERNS = ("*.safetensors", "*.bin", "*.pt", "*.pth")
"""Files that hold a Hugging Face model's weights (sharded models keep an index beside them)."""
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model", "vocab.json")
IMAGE_PROCESSOR_FILES = ("preprocessor_config.json", "processor_config.json")
"""What a vision-language model folder holds for its image processor (a text-only model has neither)."""
DOWNLOAD_HINT = ("e.g. `huggingface-cli download Qwen/Qwen2.5-VL-7B-Instruct --local-dir DIR`, then point --model "
                 "or reasoner_options model_path at DIR")


def check_model_folder(path: Path) -> None:
    """Whether `path` holds a Hugging Face model transformers can build, without reading its weights.

    Checked when the backend is built, so a typo in a model path or a half-copied folder stops the
    run before its first case instead of abstaining on every one (DESIGN.md principle 9).

    Raises:
        ReasonerUnavailable: the folder is missing, or lacks a readable config.json with a
            `model_type` transformers knows, weight files, a tokenizer or an image processor; or
            transformers/torch are not installed. The message names the path and the fix.
    """
    import importlib.util

    where = f"model_path {str(path)!r}"
    if not path.exists():
        raise ReasonerUnavailable(f"{where} does not exist; download the model there first ({DOWNLOAD_HINT})")
    if not path.is_dir():
        raise ReasonerUnavailable(f"{where} is a file, not a model folder; give the folder that holds "
                                  f"config.json and the weights ({DOWNLOAD_HINT})")
    config = path / "config.json"
    try:
        model_type = json.loads(config.read_text()).get("model_type")
    except FileNotFoundError:
        raise ReasonerUnavailable(f"{where} holds no config.json: not a Hugging Face model folder "
                                  f"({DOWNLOAD_HINT})") from None
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as err:
        raise ReasonerUnavailable(f"{where}: config.json is not a model configuration ({type(err).__name__}); "
                                  f"the download is incomplete or damaged, download it again ({DOWNLOAD_HINT})") from None
    if not isinstance(model_type, str) or not model_type:
        raise ReasonerUnavailable(f"{where}: config.json names no model_type; not a Hugging Face model folder")
    if not any(next(path.glob(pattern), None) for pattern in WEIGHT_PATTERNS):
        raise ReasonerUnavailable(f"{where} holds no weights (*.safetensors or *.bin): the download is incomplete "
                                  f"({DOWNLOAD_HINT})")
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        raise ReasonerUnavailable(f"{where} holds no tokenizer ({', '.join(TOKENIZER_FILES)}): the download is "
                                  f"incomplete ({DOWNLOAD_HINT})")
    if not any((path / name).is_file() for name in IMAGE_PROCESSOR_FILES):
        raise ReasonerUnavailable(f"{where} holds no image processor ({', '.join(IMAGE_PROCESSOR_FILES)}): not a "
                                  f"vision-language model, or the download is incomplete ({DOWNLOAD_HINT})")
    missing = [name for name in ("transformers", "torch") if importlib.util.find_spec(name) is None]
    if missing:
        raise ReasonerUnavailable(f"the transformers reasoner needs {' and '.join(missing)}: "
                                  f"pip install {' '.join(missing)}")
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

    if model_type not in CONFIG_MAPPING_NAMES:
        raise ReasonerUnavailable(f"{where}: model_type {model_type!r} is unknown to the installed transformers; "
                                  "upgrade transformers or check the folder")


@register("transformers")
class TransformersReasoner:
    """`AutoModelForImageTextToText` + `AutoProcessor` from a local path; greedy decoding."""

    name = "transformers"
    uses_feedback = True
    """Whether it reads the reviewer's reasons on a revision round."""

    def __init__(self, model_path: str | None = None, device: str | None = None, dtype: str = "auto",
                 max_new_tokens: int = 384, images: bool = True, parse_retries: int = 1,
                 model: Any = None, processor: Any = None) -> None:
        self.model_path = model_path or os.environ.get("CLINORCH_VLM_PATH")
        if model is None and not self.model_path:
            raise ReasonerError("the transformers reasoner needs a model: --model DIR (or reasoner_options model_path "
                                "in the --config file), a local folder with a Hugging Face VLM such as "
                                "Qwen2.5-VL-7B-Instruct; nothing is downloaded at run time")
        if model is None:
            check_model_folder(Path(str(self.model_path)).expanduser())
        self.device = device
        self.dtype = dtype
        self.max_new_tokens = max_new_tokens
        self.images = images
        self.parse_retries = parse_retries
        self._model, self._processor = model, processor

    def _load(self) -> tuple[Any, Any]:
        if self._model is not None and self._processor is not None:
            return self._model, self._processor
        import torch
        from transformers import AutoModelForImageTextToText

        path = Path(str(self.model_path)).expanduser()
        check_model_folder(path)  # again: the folder may have changed since the backend was built
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = self.dtype if self.dtype != "auto" else ("bfloat16" if device.startswith("cuda") else "float32")
        try:
            self._processor = load_processor(path)
            self._model = AutoModelForImageTextToText.from_pretrained(path, local_files_only=True,
                                                                      dtype=getattr(torch, dtype)).to(device).eval()
        except (OSError, ValueError, KeyError, RuntimeError) as err:
            raise ReasonerUnavailable(f"cannot load a vision-language model from {str(path)!r}: {err}") from err
        self.device = device
        return self._model, self._processor

    def _generate(self, messages: list[dict[str, Any]], pictures: list[Any]) -> str:
        import torch

        model, processor = self._load()
        prompt = processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        inputs = processor(text=[prompt], images=pictures or None, return_tensors="pt").to(model.device)
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False)
        new = output[:, inputs["input_ids"].shape[1]:]
        return processor.batch_decode(new, skip_special_tokens=True)[0]

    def messages(self, task: ReasonerInput) -> tuple[list[dict[str, Any]], list[Any]]:
        """Chat messages (images first, then the evidence prompt) and the PIL images they refer to."""
        rendered = task.render() if self.images and task.render is not None else []
        content: list[dict[str, Any]] = []
        for picture in rendered:
            content += [{"type": "image"}, {"type": "text", "text": picture.caption + "\n"}]
        content.append({"type": "text", "text": user_prompt(task)})
        messages = [{"role": "system", "content": [{"type": "text", "text": SYSTEM}]}, {"role": "user", "content": content}]
        return messages, [p.image.convert("RGB") for p in rendered]

    def answer(self, task: ReasonerInput) -> Answer:
        """Generates, parses; on an unreadable reply asks once more with the reason."""
        messages, pictures = self.messages(task)
        problem = ""
        for _ in range(self.parse_retries + 1):
            reply = self._generate(messages, pictures)
            try:
                return parse_reply(reply, task, f"transformers:{Path(str(self.model_path or 'model')).name}")
            except ParseError as err:
                problem = str(err)
                messages = [*messages, {"role": "assistant", "content": [{"type": "text", "text": reply}]},
                            {"role": "user", "content": [{"type": "text", "text": f"Your reply could not be used "
                                                          f"({problem}). Reply with the JSON object only."}]}]
        raise ReasonerError(f"the model gave no usable answer after {self.parse_retries + 1} attempt(s): {problem}")
