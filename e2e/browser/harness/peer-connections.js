// Keeps every peer connection a vendor SDK makes in window.peerConnections, so that the test can read their
// stats. A classic script: it must run before the SDK's bundle (vendor.js) loads.
window.peerConnections = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(...args) {
    super(...args);
    window.peerConnections.push(this);
  }
};
