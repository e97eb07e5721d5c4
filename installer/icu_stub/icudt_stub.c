/* An empty ICU common-data package, the same thing ICU's own "stubdata" library provides.
 *
 * Why: PySide6's Qt links ICU, whose data library (libicudata, 31 MB) holds collation, locale and
 * converter tables the desk never uses (it sorts and folds text in Python, reads files as UTF-8 or
 * Windows-1252 in Python, and is in Indonesian or English only). With this stub, ICU starts with no
 * data and the few Qt functions that would use it fall back to Qt's built-in Unicode tables.
 * installer/build.py compiles it and swaps it in on Linux; tests/installer checks the window still
 * renders and sorts.
 */
#include <stdint.h>

typedef struct {
    uint16_t size;
    uint16_t reservedWord;
    uint8_t isBigEndian;
    uint8_t charsetFamily;
    uint8_t sizeofUChar;
    uint8_t reservedByte;
    uint8_t dataFormat[4];
    uint8_t formatVersion[4];
    uint8_t dataVersion[4];
} UDataInfo;

typedef struct {
    uint16_t headerSize;
    uint8_t magic1;
    uint8_t magic2;
    UDataInfo info;
    char padding[8];
    uint32_t count;
    uint32_t reserved;
    const void *toc[1];
} StubData;

__attribute__((visibility("default")))
const StubData ICU_DATA_SYMBOL = {
    32, 0xda, 0x27,
    {sizeof(UDataInfo), 0, 0 /* little endian */, 0 /* ASCII */, 2, 0,
     {0x54, 0x6f, 0x43, 0x50} /* "ToCP": a table of contents */, {1, 0, 0, 0}, {0, 0, 0, 0}},
    {0}, 0, 0, {0}
};
