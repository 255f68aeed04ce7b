"""The strategy and action plan: levers and axes, projects and their parts, the tree, table, timeline
and funding pages, the workbook import and export, and the PDF « état du plan ».

Plain-Python cores (funding summary, Gantt chart, workbook format) are in :mod:`.compute`; which
projects a filter keeps is :mod:`.filters`, the table figures :mod:`.tables`.
"""
