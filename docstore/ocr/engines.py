"""The OCR engines: RapidOCR (PP-OCRv4 detection and recognition in ONNX, shipped inside the
`rapidocr-onnxruntime` wheel: nothing is fetched at run time) and Tesseract 5 `chi_sim` (the Debian packages,
run as a process with a timeout). Both read one upright-as-stored RGB page image and answer a `Reading`: the
angle the page had to be turned (counter-clockwise, 0/90/180/270) and its lines, each with a box in pixels of
the image as given, the text and a confidence in 0..1. bench/ocr.py measures them side by side."""

import ctypes
import functools
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field

from docstore import conf


class EngineUnavailable(Exception):
    """The engine is not installed here (a missing package or program)."""


@dataclass
class Line:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the page image as given
    confidence: float


@dataclass
class Reading:
    engine: str
    angle: int = 0
    lines: list[Line] = field(default_factory=list)


def upright_centre(box, angle: int, width: int, height: int) -> tuple[float, float]:
    """Where a box's centre lands once the page is turned `angle` degrees counter-clockwise: the reading
    order is worked out there."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return {
        0: (x, y),
        90: (y, width - x),
        180: (width - x, height - y),
        270: (height - y, x),
    }[angle]


class RapidOcrEngine:
    """Detection on the page scaled to DOCSTORE_OCR_DET_SIDE, the lines read from the full page. The detector
    costs in proportion to its input's area and finds the lines of body text well below the page's full size;
    the recogniser needs the pixels, so it reads crops of the full page. One engine per process
    (`get_engine`), its sessions made once: onnxruntime's memory arena is off in this wheel's sessions, so
    the memory of a large page is given back."""

    name = "rapidocr"
    _lock = threading.Lock()  # one onnxruntime session per process, used by one thread at a time

    def __init__(self):
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # pragma: no cover - the package is a dependency
            raise EngineUnavailable("rapidocr-onnxruntime is not installed") from exc
        threads = conf.ocr_threads()
        self.engine = RapidOCR(
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
            max_side_len=conf.ocr_max_side(),
            # the detector takes the image it is given as it is (a "min" limit of 32 px never scales it):
            # the scaling to DOCSTORE_OCR_DET_SIDE is ours
            det_limit_type="min",
            det_limit_side_len=32,
            # one line per recognition run: a batch is padded to its widest line and holds every line's
            # tensors at once; on CPU one at a time measured faster and ~20 % smaller at the peak
            rec_batch_num=1,
        )

    def detect(self, bgr) -> list:
        """The text boxes (quadrilaterals in pixels of `bgr`), found on a copy scaled to DOCSTORE_OCR_DET_SIDE."""
        import cv2
        import numpy as np

        height, width = bgr.shape[:2]
        scale = min(1.0, conf.ocr_det_side() / max(height, width))
        small = (
            bgr if scale == 1.0 else cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        )
        boxes, _elapsed = self.engine(small, use_cls=False, use_rec=False)
        if not boxes:
            return []
        sy, sx = small.shape[0] / height, small.shape[1] / width
        return [np.array(b, dtype=np.float32) / np.array([sx, sy], dtype=np.float32) for b in boxes]

    def read(self, image) -> Reading:
        import numpy as np

        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        with self._lock:
            quads = self.detect(bgr)
            if not quads:
                return Reading(self.name)
            # Crops taller than wide are turned a quarter counter-clockwise by RapidOCR. The classifier says
            # which crops read upside down; the page is one way up, so its lines vote and all are turned or
            # none (a long line squeezed into the classifier's 4:1 input is often judged wrong on its own).
            crops = self.engine.get_crop_img_list(bgr, quads)
            tall = [q_tall(q) for q in quads]
            _turned, turns, _ = self.engine.text_cls(list(crops))
            flip_votes = sum(1 if t[0] == "180" and float(t[1]) >= 0.9 else -1 for t in turns)
            if flip_votes > 0:
                crops = [np.ascontiguousarray(np.rot90(crop, 2)) for crop in crops]
            results, _ = self.engine.text_rec(crops)
        lines, tall_votes = [], 0
        for quad, is_tall, result in zip(quads, tall, results, strict=True):
            text, score = result[0], float(result[1])
            tall_votes += 1 if is_tall else -1
            if score < 0.5 or not text.strip():
                continue
            xs, ys = quad[:, 0], quad[:, 1]
            lines.append(
                Line(text, (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())), score)
            )
        angle = (90 if tall_votes > 0 else 0) + (180 if flip_votes > 0 else 0)
        return Reading(self.name, angle, lines)


def q_tall(quad) -> bool:
    width = max(abs(quad[1][0] - quad[0][0]), abs(quad[2][0] - quad[3][0]))
    height = max(abs(quad[3][1] - quad[0][1]), abs(quad[2][1] - quad[1][1]))
    return height >= 1.5 * width


class TesseractEngine:
    name = "tesseract"

    def __init__(self):
        self.program = shutil.which("tesseract")
        if self.program is None:
            raise EngineUnavailable(
                "tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)"
            )

    def _run(self, path: str, *args: str) -> str:
        done = subprocess.run(
            [self.program, path, "stdout", *args],
            capture_output=True,
            timeout=conf.ocr_timeout(),
            env={"OMP_THREAD_LIMIT": str(conf.ocr_threads()), "PATH": "/usr/bin:/bin"},
        )
        return done.stdout.decode("utf-8", "replace")

    def read(self, image) -> Reading:
        with tempfile.NamedTemporaryFile(suffix=".png") as handle:
            image.save(handle, "PNG")
            handle.flush()
            angle = self._orientation(handle.name)
            turned = image.rotate(angle, expand=True) if angle else image
            if angle:
                handle.seek(0)
                handle.truncate()
                turned.save(handle, "PNG")
                handle.flush()
            tsv = self._run(handle.name, "-l", "chi_sim", "--psm", "3", "tsv")
        lines = []
        for text, box, confidence in _tsv_lines(tsv):
            lines.append(Line(text, _back(box, angle, image.width, image.height), confidence))
        return Reading(self.name, angle, lines)

    def _orientation(self, path: str) -> int:
        """Tesseract's orientation detection: "Rotate: 90" means turn 90 degrees clockwise to read."""
        try:
            out = self._run(path, "--psm", "0", "-l", "osd")
        except subprocess.TimeoutExpired:
            return 0
        for row in out.splitlines():
            if row.startswith("Rotate:"):
                clockwise = int(row.split(":")[1])
                return (360 - clockwise) % 360
        return 0


def _tsv_lines(tsv: str):
    """Tesseract's words grouped into its lines: (text, box, confidence 0..1)."""
    groups: dict[tuple, list] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(v) for v in cells[6:10])
        groups.setdefault(tuple(cells[1:5]), []).append(
            (cells[11].strip(), left, top, width, height, float(cells[10]))
        )
    for words in groups.values():
        text = ""
        for word, *_ in words:
            # chi_sim answers one character per word: Chinese runs are joined, other words keep their space
            if text and not (_cjk(text[-1]) and _cjk(word[0])):
                text += " "
            text += word
        box = (
            min(w[1] for w in words),
            min(w[2] for w in words),
            max(w[1] + w[3] for w in words),
            max(w[2] + w[4] for w in words),
        )
        yield text, box, max(0.0, sum(w[5] for w in words) / len(words) / 100)


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _back(box, angle: int, width: int, height: int):
    """A box found on the page turned `angle` degrees counter-clockwise, in the page as given."""
    x0, y0, x1, y1 = box
    if angle == 90:  # turned (x, y) -> (y, W - x)
        return (width - y1, x0, width - y0, x1)
    if angle == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if angle == 270:  # turned (x, y) -> (H - y, x)
        return (y0, height - x1, y1, height - x0)
    return box


ENGINES = {"rapidocr": RapidOcrEngine, "tesseract": TesseractEngine}


@functools.cache
def get_engine(name: str):
    """One engine per process and name (RapidOCR's sessions take a second or two to load)."""
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown OCR engine {name!r}")
    return ENGINES[name]()


def give_back_memory() -> None:
    """glibc keeps a page's freed buffers (hundreds of MB of tensors) for reuse; handing them back to the
    system keeps an idle worker small between pages and documents."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        pass


def available(name: str) -> bool:
    try:
        get_engine(name)
    except EngineUnavailable:
        return False
    return True
