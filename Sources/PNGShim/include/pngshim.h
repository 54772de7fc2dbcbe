#ifndef PRC_PNGSHIM_H
#define PRC_PNGSHIM_H
/* A small C layer over libpng's classic read API. It owns every setjmp, so a libpng error
 * (longjmp) never crosses a Swift frame: each call returns a status and an error message. */
#include <stddef.h>
#include <stdint.h>

/* Status codes of the prc_png_* calls. */
enum { PRC_PNG_OK = 0, PRC_PNG_IO_ERROR = 1, PRC_PNG_FORMAT_ERROR = 2, PRC_PNG_TOO_LARGE = 3 };

/* What the IHDR (and tRNS) say, before any pixel is decoded. */
typedef struct prc_png_header {
    uint32_t width;
    uint32_t height;
    int bit_depth;      /* 1, 2, 4, 8 or 16 as stored */
    int color_type;     /* PNG_COLOR_TYPE_* as stored */
    int interlaced;     /* 1 for Adam7 */
    int has_trns;       /* 1 when a tRNS chunk is present */
    int channels;       /* samples per pixel after decoding: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
} prc_png_header;

/* An open PNG file whose header has been read. */
typedef struct prc_png_reader prc_png_reader;

/* Opens `path` and reads up to the image data. The IHDR size is checked against max_side and
 * max_pixels straight from the file bytes, before libpng parses anything: too large gives NULL with
 * status PRC_PNG_TOO_LARGE and header->width/height set. On other failures returns NULL, sets
 * *status and writes a message into err (errlen bytes). No pixel memory is allocated here. */
prc_png_reader *prc_png_open(const char *path, uint64_t max_side, uint64_t max_pixels, prc_png_header *header,
                             int *status, char *err, size_t errlen);

/* Decodes every pixel into `out`: width*height*channels 16-bit samples in host order, rows top to
 * bottom (palette, low bit depths and tRNS expanded; 8-bit samples v become v*257). `out_count`
 * must equal that product. Returns a status and writes a message into err on failure. */
int prc_png_decode(prc_png_reader *reader, uint16_t *out, size_t out_count, char *err, size_t errlen);

/* Closes the file and frees libpng's state (safe on NULL). */
void prc_png_close(prc_png_reader *reader);

#endif
