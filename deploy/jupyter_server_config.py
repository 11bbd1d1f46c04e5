"""Server settings baked into the single-user image (deploy/Dockerfile)."""

c = get_config()  # noqa: F821 — provided by Jupyter when it loads this file

c.ServerApp.default_url = "/lab"
# a student leaves a kernel open in every lesson (all eight: about 1.1 GB, benchmarks/bench_kernel_memory.py);
# kernels idle for 20 minutes are shut down, so the memory limit is met by the few in use
c.MappingKernelManager.cull_idle_timeout = 20 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = True
