"""Uploaded files in an S3-compatible bucket (STORAGE_S3_BUCKET), tested against a real S3 server
(moto's, in a process of its own on the loopback): upload, read back, private ACL, signed URL,
delete. Without the setting, the files stay in the local folder."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from wirausaha.common.storage import PrivateStorage, private_storage

BUCKET = "wirausaha-berkas"
KEYS = {
    "access_key": "wirausaha-test",
    "secret_key": "wirausaha-test-secret",
    "region_name": "ap-southeast-3",
}
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the S3 server did not start") from None
                time.sleep(0.2)
        client = _client(endpoint)
        location = {"LocationConstraint": KEYS["region_name"]}
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration=location)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
    )


def _settings(endpoint: str) -> dict:
    return {"bucket_name": BUCKET, "endpoint_url": endpoint, "location": "berkas", **KEYS}


def test_without_a_bucket_files_stay_in_the_local_folder(tmp_path):
    with override_settings(STORAGE_S3={}, MEDIA_ROOT=tmp_path):
        storage = private_storage()
        assert isinstance(storage, PrivateStorage)
        name = storage.save("surat/phk.pdf", ContentFile(b"%PDF-1.4 surat"))
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4 surat"


def test_a_file_goes_to_the_bucket_privately_is_read_back_signed_and_deleted(s3_endpoint):
    with override_settings(STORAGE_S3=_settings(s3_endpoint)):
        storage = private_storage()
        name = storage.save("surat/phk.pdf", ContentFile(b"%PDF-1.4 surat PHK"))
        # Never overwritten: a second file of the same name gets a name of its own.
        other = storage.save("surat/phk.pdf", ContentFile(b"%PDF-1.4 surat lain"))
        assert other != name
        with storage.open(name, "rb") as handle:
            assert handle.read() == b"%PDF-1.4 surat PHK"
        assert storage.size(name) == len(b"%PDF-1.4 surat PHK")

        client = _client(s3_endpoint)
        key = f"berkas/{name}"
        grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only
        assert not any(g["Grantee"].get("URI") == ALL_USERS for g in grants)

        with pytest.raises(ValueError, match="no public URL"):
            storage.url(name)
        signed = storage.signed_url(name, seconds=60)
        assert "Signature=" in signed or "X-Amz-Signature=" in signed
        with urllib.request.urlopen(signed, timeout=10) as reply:
            assert reply.read() == b"%PDF-1.4 surat PHK"

        storage.delete(name)
        assert not storage.exists(name)
        assert storage.exists(other)
        listed = client.list_objects_v2(Bucket=BUCKET, Prefix="berkas/surat/")
        assert [item["Key"] for item in listed.get("Contents", [])] == [f"berkas/{other}"]
