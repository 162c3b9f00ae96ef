/** Shrinks a camera photo on the phone before it is stored: at most 1600 px on the long side, JPEG, under 2 MB. */
import type { OutboxPhoto } from './outbox';

export const MAX_PHOTO_SIDE = 1600;
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    // imageOrientation: the EXIF rotation of phone photos is applied, so portraits stay upright.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob failed'))), 'image/jpeg', quality);
  });
}

export function scaledSize(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function resizePhoto(file: Blob): Promise<OutboxPhoto> {
  const image = await decode(file);
  try {
    const size = scaledSize(image.width, image.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context unavailable');
    // JPEG has no transparency: a white background instead of black for PNG screenshots.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(image.source, 0, 0, size.width, size.height);
    let quality = 0.82;
    let blob = await toBlob(canvas, quality);
    while (blob.size > MAX_PHOTO_BYTES && quality > 0.3) {
      quality -= 0.15;
      blob = await toBlob(canvas, quality);
    }
    return { blob, contentType: 'image/jpeg', width: size.width, height: size.height };
  } finally {
    image.close();
  }
}
