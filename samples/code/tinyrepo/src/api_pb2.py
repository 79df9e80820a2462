# Protocol buffer module for api.proto.
DESCRIPTOR = None
