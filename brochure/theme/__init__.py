"""Turn a brand into what the layout needs: fonts, colours, styles and prepared images."""
