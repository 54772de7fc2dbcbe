/* libpng classic-API reader for prc: setjmp-based error handling stays inside C. */
#include "pngshim.h"
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pngshim assumes a little-endian host (png_set_swap gives host-order 16-bit samples)"
#endif
#include <string.h>

struct prc_png_reader {
    FILE *file;
    png_structp png;
    png_infop info;
    char message[256];
    prc_png_header header;
};

static void on_error(png_structp png, png_const_charp msg) {
    struct prc_png_reader *r = (struct prc_png_reader *)png_get_error_ptr(png);
    snprintf(r->message, sizeof r->message, "%s", msg ? msg : "libpng error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) {
    (void)png; (void)msg; /* warnings (e.g. unknown ancillary chunks) are not errors */
}

static void copy_message(char *err, size_t errlen, const char *msg) {
    if (err && errlen > 0) snprintf(err, errlen, "%s", msg);
}

static uint32_t big_endian(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

prc_png_reader *prc_png_open(const char *path, uint64_t max_side, uint64_t max_pixels, prc_png_header *header,
                             int *status, char *err, size_t errlen) {
    struct prc_png_reader *r = calloc(1, sizeof *r);
    if (!r) { *status = PRC_PNG_IO_ERROR; copy_message(err, errlen, "out of memory"); return NULL; }
    r->file = fopen(path, "rb");
    if (!r->file) {
        *status = PRC_PNG_IO_ERROR;
        copy_message(err, errlen, strerror(errno));
        free(r);
        return NULL;
    }
    /* Signature (8), IHDR length and type (8), width and height (8): enough to refuse a bomb. */
    unsigned char head[24];
    size_t got = fread(head, 1, sizeof head, r->file);
    if (got < 8 || png_sig_cmp(head, 0, 8) != 0) {
        *status = ferror(r->file) ? PRC_PNG_IO_ERROR : PRC_PNG_FORMAT_ERROR;
        copy_message(err, errlen, ferror(r->file) ? strerror(errno) : "no PNG signature");
        prc_png_close(r);
        return NULL;
    }
    if (got == sizeof head && memcmp(head + 12, "IHDR", 4) == 0) {
        uint64_t w = big_endian(head + 16), h = big_endian(head + 20);
        if (w > max_side || h > max_side || w * h > max_pixels) {
            memset(header, 0, sizeof *header);
            header->width = (uint32_t)w;
            header->height = (uint32_t)h;
            *status = PRC_PNG_TOO_LARGE;
            copy_message(err, errlen, "image too large");
            prc_png_close(r);
            return NULL;
        }
    }
    if (fseek(r->file, 8, SEEK_SET) != 0) {
        *status = PRC_PNG_IO_ERROR;
        copy_message(err, errlen, strerror(errno));
        prc_png_close(r);
        return NULL;
    }
    r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, on_error, on_warning);
    if (r->png) r->info = png_create_info_struct(r->png);
    if (!r->png || !r->info) {
        *status = PRC_PNG_IO_ERROR;
        copy_message(err, errlen, "cannot create libpng structures");
        prc_png_close(r);
        return NULL;
    }
    if (setjmp(png_jmpbuf(r->png))) {
        *status = PRC_PNG_FORMAT_ERROR;
        copy_message(err, errlen, r->message);
        prc_png_close(r);
        return NULL;
    }
    /* Let libpng report any IHDR size; the caller applies prc's own documented limits. */
    png_set_user_limits(r->png, 0x7fffffffU, 0x7fffffffU);
    png_init_io(r->png, r->file);
    png_set_sig_bytes(r->png, 8);
    png_read_info(r->png, r->info);
    prc_png_header h;
    memset(&h, 0, sizeof h);
    h.width = png_get_image_width(r->png, r->info);
    h.height = png_get_image_height(r->png, r->info);
    h.bit_depth = png_get_bit_depth(r->png, r->info);
    h.color_type = png_get_color_type(r->png, r->info);
    h.interlaced = png_get_interlace_type(r->png, r->info) != PNG_INTERLACE_NONE;
    h.has_trns = png_get_valid(r->png, r->info, PNG_INFO_tRNS) != 0;
    int color = (h.color_type & PNG_COLOR_MASK_COLOR) != 0;
    int alpha = (h.color_type & PNG_COLOR_MASK_ALPHA) != 0 || h.has_trns;
    h.channels = (color ? 3 : 1) + (alpha ? 1 : 0);
    r->header = h;
    *header = h;
    *status = PRC_PNG_OK;
    return r;
}

int prc_png_decode(prc_png_reader *r, uint16_t *out, size_t out_count, char *err, size_t errlen) {
    const prc_png_header h = r->header;
    size_t row_samples = (size_t)h.width * (size_t)h.channels;
    if (out_count != row_samples * (size_t)h.height) {
        copy_message(err, errlen, "output buffer does not match the image size");
        return PRC_PNG_FORMAT_ERROR;
    }
    png_bytep *rows = malloc(sizeof(png_bytep) * (h.height ? h.height : 1));
    if (!rows) { copy_message(err, errlen, "out of memory"); return PRC_PNG_IO_ERROR; }
    for (uint32_t y = 0; y < h.height; y++) rows[y] = (png_bytep)(out + (size_t)y * row_samples);
    if (setjmp(png_jmpbuf(r->png))) {
        free(rows);
        copy_message(err, errlen, r->message);
        return PRC_PNG_FORMAT_ERROR;
    }
    png_set_expand(r->png);          /* palette → RGB, gray 1/2/4 → 8 bits, tRNS → alpha */
    png_set_expand_16(r->png);       /* every sample to 16 bits: v ↦ v·257 */
    png_set_swap(r->png);            /* 16-bit samples little-endian (host order on Linux) */
    (void)png_set_interlace_handling(r->png);
    png_read_update_info(r->png, r->info);
    if (png_get_channels(r->png, r->info) != h.channels || png_get_bit_depth(r->png, r->info) != 16
        || png_get_rowbytes(r->png, r->info) != row_samples * 2) {
        free(rows);
        copy_message(err, errlen, "unexpected sample layout after libpng transforms");
        return PRC_PNG_FORMAT_ERROR;
    }
    png_read_image(r->png, rows);
    png_read_end(r->png, NULL);
    free(rows);
    return PRC_PNG_OK;
}

void prc_png_close(prc_png_reader *r) {
    if (!r) return;
    if (r->png) png_destroy_read_struct(&r->png, r->info ? &r->info : NULL, NULL);
    if (r->file) fclose(r->file);
    free(r);
}
