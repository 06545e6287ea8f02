/** The cameras and microphones the browser offers (labels appear once the user has allowed one of them). */
export interface Devices {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

export async function listDevices(): Promise<Devices> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((d) => d.kind === 'videoinput'), microphones: all.filter((d) => d.kind === 'audioinput') };
}

/** Camera and microphone, the chosen ones where given. */
export function openStream(cameraId?: string, microphoneId?: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: cameraId ? { deviceId: { exact: cameraId } } : true,
    audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
  });
}

/** One new track of a kind from the chosen device, to swap into a running call. */
export async function openTrack(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  const device = { deviceId: { exact: deviceId } };
  const stream = await navigator.mediaDevices.getUserMedia(kind === 'video' ? { video: device } : { audio: device });
  return kind === 'video' ? stream.getVideoTracks()[0]! : stream.getAudioTracks()[0]!;
}
