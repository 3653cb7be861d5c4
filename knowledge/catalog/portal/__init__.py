"""Procedure pages of the national public service portal, as captured, into `Procedure`s.

One module per page section: `channels` (Cách thức thực hiện), `dossier` and `forms`
(Thành phần hồ sơ), `legal` (Căn cứ pháp lý, Kết quả xử lý), `people` (agencies,
levels, subjects), `sections` (steps, conditions, re-reading the whole page);
`summary` fills the older one-line fields; `convert` puts a record together.
"""
