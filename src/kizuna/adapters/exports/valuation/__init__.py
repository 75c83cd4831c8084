"""The valuation report in the shape of the JPO's 知財ビジネス評価書, ja and en, PDF and DOCX."""
