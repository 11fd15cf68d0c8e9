"""The Qt window: the only part of proposalkit that imports Qt.

A regular package (not a namespace one), so that module discovery (PyInstaller's
``collect_submodules``, ``pkgutil``) finds every page, including those the editor imports
lazily by name (``gui/editor.py``).
"""
