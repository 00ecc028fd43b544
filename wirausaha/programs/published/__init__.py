"""The public pages of a wave's lottery: the page, its CSV downloads and the berita acara PDF."""
