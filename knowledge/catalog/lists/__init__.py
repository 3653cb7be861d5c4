"""Official procedure lists (xlsx): the portal's "DANH SÁCH THỦ TỤC HÀNH CHÍNH" exports
and a province's published list. `sheet` finds the header under the title block,
`codes` reads and classifies the codes, `entries` turns rows into list entries."""
