//! A zip archive of one stored (uncompressed) file, enough for moto's
//! Lambda CreateFunction, which wants a deployment package.

/// The zip bytes of one file named `name` holding `contents`.
pub fn single_file(name: &str, contents: &[u8]) -> Vec<u8> {
    let crc = crc32(contents);
    let size = u32::try_from(contents.len()).expect("small file");
    let name_len = u16::try_from(name.len()).expect("short name");

    // Local file header, then the data.
    let mut zip = Vec::new();
    zip.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
    zip.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]); // version, flags, stored, time, date
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&0_u16.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(contents);

    // Central directory entry for it.
    let central_start = u32::try_from(zip.len()).expect("small archive");
    zip.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
    zip.extend_from_slice(&[20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]); // made by, needed, flags, stored, time, date
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
    zip.extend_from_slice(&0o100_644_u32.wrapping_shl(16).to_le_bytes()); // external: -rw-r--r--
    zip.extend_from_slice(&0_u32.to_le_bytes()); // offset of the local header
    zip.extend_from_slice(name.as_bytes());
    let central_size = u32::try_from(zip.len()).expect("small archive") - central_start;

    // End of central directory.
    zip.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]); // disks, one entry here and in all
    zip.extend_from_slice(&central_size.to_le_bytes());
    zip.extend_from_slice(&central_start.to_le_bytes());
    zip.extend_from_slice(&0_u16.to_le_bytes());
    zip
}

/// CRC-32 (IEEE), bit by bit: the file is a few bytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
