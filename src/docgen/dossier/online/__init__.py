"""The 线上评估 package (`docgen dossier build --online`): the 资料评估 upload slots as
PDF files, the 评估填报 form as a workbook, the 法规文件 metadata and the upload list,
written into the dossier folder's 线上评估/ and covered by its manifest.

settings.py (docgen.yaml online:, the definition files and their extends:) → slots.py
and form.py (what each slot and field is, what fills it) → pdfs.py, sheets.py,
regulations.py (the files) → build.py (the package)."""
