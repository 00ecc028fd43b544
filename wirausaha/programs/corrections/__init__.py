"""The recorded, published steps that undo a mistake before the draw: the correction of a public
value entered wrongly, and the re-opening of a closed wave (its frozen list discarded, a new
randomness source declared), and the re-declaration of an open wave's source and time. National
admins only; each is confirmed on a second page."""
