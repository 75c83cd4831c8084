"""Japanese terms the brief and ringi use instead of English labels (docs/documents.md).

- ``FIELD_JA``: the 35 WIPO technology fields (IPC-Technology concordance,
  WIPO 2019) in Japanese, keyed by their English name. Kizuna's rendering
  following the wording of the JPO's annual report (特許行政年次報告書, which
  tabulates filings by these 35 fields); UNVERIFIED against the JPO's table
  line by line.
- ``SIGNAL_JA``: the exposure signals of :class:`kizuna.domain.company.Signal`.
- ``NEXT_STEP``: per relationship / SEP stage, the next step the ringi names,
  so that the stage and the next step always agree.
"""

from __future__ import annotations

__all__ = ["FIELD_JA", "NEXT_STEP", "SIGNAL_JA", "next_step"]

FIELD_JA = {
    "Electrical machinery, apparatus, energy": "電気機械、電気装置、電気エネルギー",
    "Audio-visual technology": "音響・映像技術",
    "Telecommunications": "電気通信",
    "Digital communication": "デジタル通信",
    "Basic communication processes": "基本的通信処理",
    "Computer technology": "コンピュータテクノロジー",
    "IT methods for management": "IT を利用した管理手法",
    "Semiconductors": "半導体",
    "Optics": "光学",
    "Measurement": "計測",
    "Analysis of biological materials": "生体物質の分析",
    "Control": "制御",
    "Medical technology": "医療技術",
    "Organic fine chemistry": "有機ファインケミストリー",
    "Biotechnology": "バイオテクノロジー",
    "Pharmaceuticals": "医薬品",
    "Macromolecular chemistry, polymers": "高分子化学、ポリマー",
    "Food chemistry": "食品化学",
    "Basic materials chemistry": "基礎材料化学",
    "Materials, metallurgy": "材料、冶金",
    "Surface technology, coating": "表面加工技術、コーティング",
    "Micro-structural and nano-technology": "マイクロ構造、ナノテクノロジー",
    "Chemical engineering": "化学工学",
    "Environmental technology": "環境技術",
    "Handling": "ハンドリング",
    "Machine tools": "工作機械",
    "Engines, pumps, turbines": "エンジン、ポンプ、タービン",
    "Textile and paper machines": "繊維機械、抄紙機",
    "Other special machines": "その他の特殊機械",
    "Thermal processes and apparatus": "熱処理・熱装置",
    "Mechanical elements": "機械要素",
    "Transport": "輸送",
    "Furniture, games": "家具、ゲーム",
    "Other consumer goods": "その他の消費財",
    "Civil engineering": "土木技術",
}

SIGNAL_JA = {
    "ja-ui": ("日本語の利用画面", "Japanese-language user interface"),
    "jpy-pricing": ("円建ての価格表示", "prices in yen"),
    "jp-terms": ("特定商取引法に基づく表記", "Japanese terms of sale"),
    "jp-domain": (".jp ドメイン", ".jp domain"),
    "jp-app-store": ("日本のアプリストアでの配信", "listed in a Japanese app store"),
    "jp-subsidiary": ("日本法人・支店", "Japanese subsidiary or branch"),
    "servers-abroad": (
        "国外サーバから日本の端末への配信",
        "servers abroad serve terminals in Japan",
    ),
    "effect-in-japan": (
        "発明の効果が日本国内で実現",
        "the invention's effect is realised in Japan",
    ),
}

#: (track, stage) → the next step (ja, en). Unknown stages fall back to the generic step.
NEXT_STEP = {
    "research": ("ご紹介・初回のご連絡", "An introduction and first contact"),
    "introduction": ("技術説明の面談（日程は貴社のご都合に合わせます）",
                     "A technical meeting at a time that suits you"),
    "first-meeting": ("秘密保持契約の締結", "A non-disclosure agreement"),
    "nda": ("技術面談（クレームチャートのご説明）", "Technical meetings on the claim chart"),
    "technical-meetings": ("証拠資料の開示", "Sharing the evidence"),
    "evidence-shared": ("ライセンス条件のご提示", "Proposed licence terms"),
    "terms-proposed": ("貴社内でのご検討（稟議）", "Your internal approval (ringi)"),
    "ringi": ("契約書案の確認と締結", "Reviewing and signing the agreement"),
    "agreement": ("契約の履行", "Performing the agreement"),
    "offer": ("ライセンスを受ける意思のご表明", "Your statement of willingness to take a licence"),
    "willingness": ("FRAND条件の具体的提示", "Specific FRAND terms"),
    "frand-offer": ("貴社からの対案のご提示", "Your counteroffer"),
    "counteroffer": ("条件の協議", "Negotiating the terms"),
}


def next_step(stage: str) -> tuple[str, str]:
    """The next step after ``stage`` (ja, en); the generic 条件の協議 for an unknown stage."""
    return NEXT_STEP.get(stage, ("今後の進め方の協議", "Agreeing how to proceed"))
