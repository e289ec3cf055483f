"""Verifies webhooks with the standardwebhooks package (PyPI, 1.1.0): an implementation independent of the server's.

Reads {"secret": "whsec_…", "messages": [{"id", "timestamp", "signature", "body"}, …]} on stdin; prints one line per
message, "ok <id> <type>" or "FAIL <id>: <reason>", and exits 1 if any failed.
"""
import json
import sys

from standardwebhooks import Webhook

request = json.load(sys.stdin)
webhook = Webhook(request["secret"])
failed = False
for message in request["messages"]:
    headers = {"webhook-id": message["id"], "webhook-timestamp": message["timestamp"], "webhook-signature": message["signature"]}
    try:
        payload = webhook.verify(message["body"], headers)
        print("ok", message["id"], payload["type"])
    except Exception as error:  # the library raises WebhookVerificationError; anything else is a failure too
        failed = True
        print("FAIL", message["id"] + ":", repr(error))
sys.exit(1 if failed else 0)
