"""Any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server, TGI) as a reasoner.

`Config(reasoner="openai", reasoner_options={"base_url": "http://127.0.0.1:8000/v1", "model": "..."})`.
Images (key slices with ROI contours) go as PNG data URLs; the answer comes back through a
forced `submit_answer` tool call (or, with `use_tools=False`, a JSON-schema response format).
The `openai` client (the ecosystem's client for these servers) times out and retries transient
failures (connection refused, 429, 5xx) with exponential backoff; a reply that cannot be read as an answer is asked for again.
"""

from __future__ import annotations

import base64
import io
import json
import os
from typing import Any

from agents.reasoners.base import ReasonerError, ReasonerInput, ReasonerUnavailable, register
from agents.reasoners.prompt import ANSWER_SCHEMA, SUBMIT_TOOL, SYSTEM, ParseError, parse_reply, user_prompt
from core.case import Answer


class ChatClient:
    """Chat completions from one server through the `openai` client (timeouts, retries with backoff).

    The client retries connection errors, 408, 409, 429 and 5xx with exponential backoff and
    honours `Retry-After`; what is left after the last retry becomes a `ReasonerError` naming
    the server.
    """

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0, retries: int = 3) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url {base_url!r} must start with http:// or https://")
        import openai

        self.url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        # Local servers (vLLM, llama.cpp) accept any key; the client insists on one.
        self._client = openai.OpenAI(base_url=self.url, api_key=api_key or "unused", timeout=timeout, max_retries=retries)

    def complete(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The server's reply as a dict; raises `ReasonerUnavailable` naming the URL when it cannot be had."""
        import openai

        try:
            return self._client.chat.completions.create(**payload).model_dump()
        except openai.APITimeoutError as err:
            raise ReasonerUnavailable(f"chat server {self.url!r} timed out after {self.timeout:g} s "
                                f"({self.retries + 1} attempt(s))") from err
        except openai.APIConnectionError as err:
            raise ReasonerUnavailable(f"chat server {self.url!r} unreachable after {self.retries + 1} attempt(s): {err}. "
                                "Is the server running (e.g. `vllm serve MODEL`) and is base_url right?") from err
        except openai.APIStatusError as err:
            raise ReasonerUnavailable(f"{self.url!r} refused the request (HTTP {err.status_code}: "
                                f"{str(err.message)[:300]})") from err


def data_url(image: Any) -> str:
    """A PIL image as a PNG data URL."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@register("openai")
class OpenAIReasoner:
    """A chat model behind an OpenAI-compatible endpoint, told the evidence and shown the key slices."""

    name = "openai"
    uses_feedback = True
    """Whether it reads the reviewer's reasons on a revision round."""

    def __init__(self, base_url: str | None = None, model: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0, retries: int = 3, parse_retries: int = 2,
                 images: bool = True, use_tools: bool = True, max_tokens: int = 512, temperature: float = 0.0,
                 seed: int | None = 0) -> None:
        base_url = base_url or os.environ.get("CLINORCH_OPENAI_BASE_URL")
        if not base_url or not model:
            raise ReasonerError("the openai reasoner needs reasoner_options base_url (e.g. 'http://127.0.0.1:8000/v1') "
                                f"and model; got base_url={base_url!r}, model={model!r}")
        self.client = ChatClient(base_url, api_key or os.environ.get("CLINORCH_OPENAI_API_KEY"), timeout, retries)
        self.model = model
        self.parse_retries = parse_retries
        self.images = images
        self.use_tools = use_tools
        self.sampling = {"max_tokens": max_tokens, "temperature": temperature, **({"seed": seed} if seed is not None else {})}

    def messages(self, task: ReasonerInput) -> list[dict[str, Any]]:
        """System prompt, then the question with its evidence and (optionally) the rendered slices."""
        content: list[dict[str, Any]] = [{"type": "text", "text": user_prompt(task)}]
        if self.images and task.render is not None:
            for picture in task.render():
                content.append({"type": "text", "text": picture.caption})
                content.append({"type": "image_url", "image_url": {"url": data_url(picture.image)}})
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": content}]

    def answer(self, task: ReasonerInput) -> Answer:
        """Asks the model; re-asks when its reply cannot be read as an answer."""
        messages = self.messages(task)
        problem = ""
        for _ in range(self.parse_retries + 1):
            reply = self.client.complete(self._payload(messages))
            message = (reply.get("choices") or [{}])[0].get("message") or {}
            try:
                return parse_reply(self._content(message), task, f"openai:{self.model}")
            except ParseError as err:
                problem = str(err)
                messages = [*messages, {"role": "assistant", "content": message.get("content") or json.dumps(message.get("tool_calls"))},
                            {"role": "user", "content": f"Your reply could not be used ({problem}). Reply again with "
                                                        "the JSON object only, citing evidence ids."}]
        raise ReasonerError(f"{self.model!r} gave no usable answer after {self.parse_retries + 1} attempt(s): {problem}")

    def _payload(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        payload: dict[str, Any] = {"model": self.model, "messages": messages, **self.sampling}
        if self.use_tools:
            payload["tools"] = [SUBMIT_TOOL]
            payload["tool_choice"] = {"type": "function", "function": {"name": "submit_answer"}}
        else:
            payload["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": "answer", "schema": ANSWER_SCHEMA, "strict": True}}
        return payload

    @staticmethod
    def _content(message: dict[str, Any]) -> str | dict[str, Any] | None:
        for call in message.get("tool_calls") or []:
            function = call.get("function") or {}
            if function.get("name") == "submit_answer":
                arguments = function.get("arguments")
                if isinstance(arguments, dict):
                    return arguments
                try:
                    parsed = json.loads(arguments or "")
                except json.JSONDecodeError as err:
                    raise ParseError(f"tool arguments are not JSON: {err}") from err
                if not isinstance(parsed, dict):
                    raise ParseError("tool arguments are not a JSON object")
                return parsed
        return message.get("content")
